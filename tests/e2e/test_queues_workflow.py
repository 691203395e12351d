"""Browser rules of the work lists (issue 7 §2-3): the leader bulk-assigns two dossiers from
the unit queue after confirming, and the specialist then finds them in "Việc của tôi" with
on time / due soon / overdue in words; the reception officer receives two online dossiers of
one applicant together. Each main screen passes the accessibility check.

The dossiers are dated relative to the real clock: the browser keeps its session cookie by the
real date, so the server's clock is not pinned here (the timeliness arithmetic itself is pinned
in tests/backoffice/test_queues_*.py)."""

import datetime

import pytest
from django.utils import timezone

from backoffice.test_queues_world import queue_world, routed, submit
from e2e.workspace import assert_accessible, sign_in
from factories.accounts import CitizenFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TIMELINESS_WORDS = ("Đúng hạn", "Sắp đến hạn", "Quá hạn")


@pytest.fixture
def world(settings, city):
    return queue_world(settings, city)


def ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


def confirm(page) -> None:
    """The page's confirmation dialog opened: answer "confirm"."""
    page.locator("#confirm-dialog").wait_for(state="visible")
    page.locator("#confirm-dialog-ok").click()


def test_the_leader_bulk_assigns_and_the_specialist_finds_them_in_my_work(
    live_server, page, screenshot, world
):
    late = routed(world, when=ago(days=9))
    recent = routed(world, when=ago(hours=2))
    routed(world, when=ago(days=2))  # stays unassigned

    sign_in(page, live_server, world["leader"].username)
    page.goto(live_server.url + "/can-bo/hang-doi/")
    assert page.get_by_role("heading", name="Hàng đợi của đơn vị").is_visible()
    screenshot("queues-unit-queue")
    assert_accessible(page)

    page.get_by_label(f"Chọn {late.code}").check()
    page.get_by_label(f"Chọn {recent.code}").check()
    page.get_by_label("Phân công các hồ sơ đã chọn cho").select_option(
        label=f"Nguyễn Thị Chuyên ({world['specialist'].username})"
    )
    page.get_by_role("button", name="Phân công các hồ sơ đã đánh dấu").click()
    confirm(page)
    page.get_by_role("heading", name="Phân công cho Nguyễn Thị Chuyên").wait_for()
    results = page.locator(".results").inner_text()
    assert late.code in results and recent.code in results and "Bị từ chối" not in results
    screenshot("queues-unit-queue-assigned")

    page.set_viewport_size({"width": 800, "height": 1280})
    page.goto(live_server.url + "/can-bo/hang-doi/")
    screenshot("queues-unit-queue-tablet")
    page.set_viewport_size({"width": 1366, "height": 768})

    # The hand-over of an officer's work: the leader sees what would pass (not confirmed here;
    # tests/backoffice/test_queues_views.py confirms it).
    page.get_by_role("link", name="Bàn giao toàn bộ công việc đang mở").click()
    page.get_by_label("Cán bộ nghỉ việc hoặc chuyển công tác").select_option(
        label=f"Nguyễn Thị Chuyên ({world['specialist'].username})"
    )
    page.get_by_label("Cán bộ nhận bàn giao").select_option(
        label=f"{world['specialist_2'].full_name} ({world['specialist_2'].username})"
    )
    page.get_by_label("Lý do").fill("Chuyển công tác")
    page.get_by_role("button", name="Xem công việc cần bàn giao").click()
    work = page.locator("table.worklist").inner_text()
    assert late.code in work and recent.code in work
    screenshot("queues-work-handover")
    assert_accessible(page)

    sign_in(page, live_server, world["specialist"].username)
    page.goto(live_server.url + "/can-bo/viec-cua-toi/")
    assert page.get_by_role("heading", name="Việc của tôi").is_visible()
    rows = page.locator("table.worklist tbody").inner_text()
    assert late.code in rows and recent.code in rows
    assert any(word in rows for word in TIMELINESS_WORDS)
    assert "Quá hạn" in rows  # nine days ago, a three-day procedure
    screenshot("queues-my-queue")
    assert_accessible(page)

    # Filtering by timeliness swaps the results in place (htmx) and keeps the URL shareable.
    page.get_by_label("Tiến độ", exact=True).select_option("overdue")
    page.wait_for_url("**timeliness=overdue**")
    page.locator("table.worklist tbody", has_text=late.code).wait_for()
    assert recent.code not in page.locator("#queue-results").inner_text()
    assert page.get_by_label("Tiến độ", exact=True).input_value() == "overdue"


def test_the_officer_receives_two_online_dossiers_of_one_applicant_on_one_receipt(
    live_server, page, screenshot, world
):
    citizen = CitizenFactory(full_name="Lê Thị Hoa")
    first = submit(world, citizen=citizen, when=ago(hours=30))
    second = submit(world, citizen=citizen, when=ago(hours=3))
    submit(world, when=ago(minutes=20))

    sign_in(page, live_server, world["officer"].username)
    page.goto(live_server.url + "/can-bo/truc-tuyen/")
    assert page.get_by_role("heading", name="Hồ sơ trực tuyến").is_visible()
    screenshot("queues-online-inbox")
    assert_accessible(page)

    for dossier in (first, second):
        page.locator(f"#pick-{dossier.uuid}").check()
    page.get_by_role(
        "button", name="Tiếp nhận các hồ sơ đã đánh dấu trên một giấy tiếp nhận"
    ).click()
    confirm(page)
    page.get_by_role("heading", name="Đã tiếp nhận cùng lúc").wait_for()
    link = page.get_by_role("link", name="In một giấy tiếp nhận (mẫu 01) cho tất cả")
    assert link.get_attribute("href").count("ma=") == 2
    screenshot("queues-online-inbox-received")
