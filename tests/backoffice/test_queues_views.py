"""Rules of the work-queue pages (issue 7 §3), per role: the leader sees the unit's queue with
assign controls and assigns, reassigns or bulk-assigns (each dossier on its own, the result
listing what was done and what was refused); a specialist sees it read-only and may not
assign; a supervisor reads any unit's queue; a reception officer, a citizen and an anonymous
visitor are refused. "My work" lists my steps with timeliness in words, and completes a step
for a selection. Bad input gets a message and changes nothing."""

import pytest
import time_machine

from backoffice.test_queues_world import assigned, at, fresh, queue_world, receive, routed
from motcua.dossiers.models import DossierStep, HistoryEntry, StepStatus
from motcua.dossiers.services import request_payment

pytestmark = pytest.mark.django_db

QUEUE = "/can-bo/hang-doi/"
MINE = "/can-bo/viec-cua-toi/"
HANDOVER = "/can-bo/hang-doi/ban-giao-cong-viec/"
THURSDAY_14 = at(5, 14)


@pytest.fixture
def world(settings, city):
    return queue_world(settings, city)


def text(response) -> str:
    return response.content.decode()


# --- The unit queue, per role ---------------------------------------------------------------


@time_machine.travel(THURSDAY_14, tick=False)
def test_the_leader_sees_the_queue_with_counts_timeliness_words_and_assign_controls(client, world):
    late, soon = assigned(world, when=at(2, 9)), routed(world, when=at(4, 9))
    client.force_login(world["leader"])
    response = client.get(QUEUE)
    assert response.status_code == 200
    page = text(response)
    assert page.index(late.code) < page.index(soon.code)
    assert "Quá hạn" in page and "quá 4 giờ" in page  # due Thursday 09:00, now 14:00 (lunch off)
    assert "Sắp đến hạn" in page and "còn 1 ngày 4 giờ" in page
    assert "Phân công các hồ sơ đã đánh dấu" in page
    assert 'id="assign-handler"' in page
    assert "Chưa phân công" in page


@time_machine.travel(THURSDAY_14, tick=False)
def test_the_leader_bulk_assigns_and_each_dossier_records_it(client, world):
    first, second = routed(world, when=at(4, 9)), routed(world, when=at(4, 10))
    client.force_login(world["leader"])
    response = client.post(
        QUEUE,
        {"selected": [first.code, second.code], "handler": str(world["specialist"].uuid)},
    )
    assert response.status_code == 200
    page = text(response)
    assert "Phân công cho Nguyễn Thị Chuyên" in page and page.count("Đã xong") >= 2
    for dossier in (first, second):
        assert fresh(dossier).handler == world["specialist"]
        assert HistoryEntry.objects.filter(dossier=dossier, action="assign").count() == 1


@time_machine.travel(THURSDAY_14, tick=False)
def test_the_leader_reassigns_a_dossier_and_a_refusal_of_one_does_not_undo_the_other(client, world):
    moving = assigned(world, when=at(4, 9))
    paused = assigned(world, when=at(4, 10))
    request_payment(actor=world["specialist"], dossier=paused, at=at(4, 11))
    client.force_login(world["leader"])
    response = client.post(
        QUEUE,
        {"selected": [moving.code, paused.code], "handler": str(world["specialist_2"].uuid)},
    )
    assert response.status_code == 200
    page = text(response)
    assert "Đã xong" in page and "Bị từ chối" in page
    assert fresh(moving).handler == world["specialist_2"]
    assert fresh(paused).handler == world["specialist"]


def test_an_unknown_officer_is_refused_and_nothing_is_assigned(client, world):
    dossier = routed(world)
    client.force_login(world["leader"])
    for handler in ["00000000-0000-0000-0000-000000000000", "x", str(world["outsider"].uuid)]:
        response = client.post(QUEUE, {"selected": [dossier.code], "handler": handler})
        assert response.status_code == 400
        assert "hãy chọn trong danh sách" in text(response)
    assert fresh(dossier).handler is None


def test_an_empty_selection_is_refused(client, world):
    routed(world)
    client.force_login(world["leader"])
    response = client.post(QUEUE, {"handler": str(world["specialist"].uuid)})
    assert response.status_code == 400
    assert "Hãy chọn ít nhất một hồ sơ." in text(response)


def test_another_units_dossier_in_the_selection_stops_the_assignment(client, world):
    ours = routed(world)
    theirs = receive(world, competent_unit=world["commune_a"])
    client.force_login(world["leader"])
    response = client.post(
        QUEUE, {"selected": [ours.code, theirs.code], "handler": str(world["specialist"].uuid)}
    )
    assert response.status_code == 400
    assert "Chưa phân công hồ sơ nào" in text(response)
    assert fresh(ours).handler is None


def test_a_specialist_sees_the_queue_read_only_and_may_not_assign(client, world):
    dossier = routed(world)
    client.force_login(world["specialist"])
    page = text(client.get(QUEUE))
    assert dossier.code in page and "Chỉ xem: lãnh đạo đơn vị mới phân công." in page
    assert "Phân công các hồ sơ đã đánh dấu" not in page
    response = client.post(
        QUEUE, {"selected": [dossier.code], "handler": str(world["specialist"].uuid)}
    )
    assert response.status_code == 403
    assert fresh(dossier).handler is None


def test_a_supervisor_reads_any_units_queue(client, world):
    dossier = routed(world)
    client.force_login(world["supervisor"])
    response = client.get(QUEUE, {"unit": world["commune_b"].code})
    assert response.status_code == 200
    page = text(response)
    assert dossier.code in page and "bạn là cán bộ giám sát" in page
    assert "Phân công các hồ sơ đã đánh dấu" not in page


def test_a_unit_outside_ones_own_is_a_404(client, world):
    client.force_login(world["outsider"])
    assert client.get(QUEUE, {"unit": world["commune_b"].code}).status_code == 404


def test_another_units_dossiers_are_not_listed(client, world):
    theirs = receive(world, competent_unit=world["commune_a"])
    client.force_login(world["leader"])
    assert theirs.code not in text(client.get(QUEUE))


def test_filters_narrow_the_list_and_htmx_gets_only_the_results(client, world):
    first = routed(world)
    second = assigned(world, when=at(2, 10))
    client.force_login(world["leader"])
    response = client.get(QUEUE, {"handler": "none"}, HTTP_HX_REQUEST="true")
    page = text(response)
    assert "<html" not in page
    assert first.code in page and second.code not in page
    bad = client.get(QUEUE, {"timeliness": "soon-ish", "status": "nonsense"})
    assert bad.status_code == 200 and first.code in text(bad)


@pytest.mark.parametrize("url", [QUEUE, MINE])
def test_a_reception_officer_is_told_the_queues_are_not_theirs(client, world, url):
    client.force_login(world["officer"])
    response = client.get(url)
    assert response.status_code == 403


@pytest.mark.parametrize("url", [QUEUE, MINE, HANDOVER])
def test_citizens_are_refused_and_anonymous_visitors_sent_to_log_in(client, world, url):
    assert client.get(url).status_code == 302
    client.force_login(world["citizen"])
    assert client.get(url).status_code == 403


# --- My work --------------------------------------------------------------------------------


@time_machine.travel(THURSDAY_14, tick=False)
def test_my_work_lists_my_steps_with_the_timeliness_words(client, world):
    mine = assigned(world, when=at(4, 9))
    not_mine = assigned(world, when=at(4, 10), handler=world["specialist_2"])
    client.force_login(world["specialist"])
    response = client.get(MINE)
    assert response.status_code == 200
    page = text(response)
    assert mine.code in page and not_mine.code not in page
    assert "Việc của tôi" in page
    assert any(word in page for word in ("Đúng hạn", "Sắp đến hạn", "Quá hạn"))


@time_machine.travel(THURSDAY_14, tick=False)
def test_completing_steps_for_a_selection_reports_each_dossier(client, world):
    first, second = assigned(world, when=at(4, 9)), assigned(world, when=at(4, 10))
    request_payment(actor=world["specialist"], dossier=second, at=at(4, 11))
    steps = DossierStep.objects.filter(
        dossier__in=[first, second], status=StepStatus.IN_PROGRESS, handler=world["specialist"]
    )
    client.force_login(world["specialist"])
    response = client.post(MINE, {"selected": [s.pk for s in steps], "note": "Đã thẩm định"})
    assert response.status_code == 200
    page = text(response)
    assert "Đã xong" in page and "Bị từ chối" in page
    assert HistoryEntry.objects.filter(dossier=first, action="complete_step").exists()
    assert not HistoryEntry.objects.filter(dossier=second, action="complete_step").exists()


def test_completing_someone_elses_step_is_refused_and_nothing_is_done(client, world):
    dossier = assigned(world, handler=world["specialist_2"])
    step = DossierStep.objects.get(dossier=dossier, status=StepStatus.IN_PROGRESS)
    client.force_login(world["specialist"])
    response = client.post(MINE, {"selected": [step.pk]})
    assert response.status_code == 400
    assert "Chưa thực hiện gì" in text(response)
    assert fresh(dossier).steps.get(pk=step.pk).status == StepStatus.IN_PROGRESS


def test_completing_nothing_is_refused(client, world):
    client.force_login(world["specialist"])
    response = client.post(MINE, {"selected": ["abc"]})
    assert response.status_code == 400
    assert "Hãy chọn ít nhất một bước xử lý." in text(response)


# --- Handing over an officer's work ---------------------------------------------------------


def test_the_leader_previews_and_hands_over_an_officers_work(client, world):
    dossier = assigned(world)
    client.force_login(world["leader"])
    form = {
        "unit": world["commune_b"].code,
        "from_user": str(world["specialist"].uuid),
        "to_user": str(world["specialist_2"].uuid),
        "reason": "Chuyển công tác",
    }
    preview = client.get(HANDOVER, form)
    assert preview.status_code == 200
    assert dossier.code in text(preview) and "Chuyển cho người nhận" in text(preview)
    assert fresh(dossier).handler == world["specialist"]
    done = client.post(HANDOVER, form)
    assert done.status_code == 200
    assert "Đã chuyển 1 hồ sơ cho" in text(done)
    assert fresh(dossier).handler == world["specialist_2"]


def test_handing_over_to_an_unknown_officer_is_refused(client, world):
    dossier = assigned(world)
    client.force_login(world["leader"])
    response = client.post(
        HANDOVER,
        {
            "unit": world["commune_b"].code,
            "from_user": str(world["specialist"].uuid),
            "to_user": str(world["outsider"].uuid),
            "reason": "Chuyển công tác",
        },
    )
    assert response.status_code == 400
    assert "hãy chọn trong danh sách" in text(response)
    assert fresh(dossier).handler == world["specialist"]


def test_a_specialist_may_not_hand_over_work(client, world):
    client.force_login(world["specialist"])
    response = client.get(HANDOVER)
    assert response.status_code == 403
    assert "Chỉ lãnh đạo đơn vị" in text(response)


def test_a_hand_over_without_a_reason_is_refused(client, world):
    dossier = assigned(world)
    client.force_login(world["leader"])
    response = client.post(
        HANDOVER,
        {
            "unit": world["commune_b"].code,
            "from_user": str(world["specialist"].uuid),
            "to_user": str(world["specialist_2"].uuid),
            "reason": "",
        },
    )
    assert response.status_code == 400
    assert "Hãy nêu lý do bàn giao công việc." in text(response)
    assert fresh(dossier).handler == world["specialist"]


def test_the_work_of_an_officer_whose_role_already_ended_can_still_be_handed_over(client, world):
    """The officer moved and their role in the unit was ended first: their dossiers are not
    orphaned — the leader still finds them and hands their work over."""
    dossier = assigned(world)
    world["specialist"].memberships.update(ended_at=at(3, 8))
    client.force_login(world["leader"])
    form = {
        "unit": world["commune_b"].code,
        "from_user": str(world["specialist"].uuid),
        "to_user": str(world["specialist_2"].uuid),
        "reason": "Đã chuyển công tác",
    }
    assert "Nguyễn Thị Chuyên" in text(client.get(HANDOVER))
    assert client.post(HANDOVER, form).status_code == 200
    assert fresh(dossier).handler == world["specialist_2"]
