"""Rule: a citizen finds a procedure by typing its name without accents in capitals, the
results update as they type, and the procedure page shows papers, fees, time and where to
submit; the same search works without JavaScript, at 1366×768 and on a 10-inch tablet
(issue 4 §7)."""

import re

import pytest
from playwright.sync_api import expect

from factories.catalog import FieldFactory, PublishedProcedureFactory
from factories.organizations import ServicePointFactory
from motcua.catalog.models import Procedure
from motcua.catalog.search import procedure_search_text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 800, "height": 1280}  # a 10-inch tablet held upright

CATALOGUE = {
    ("HT", "Hộ tịch"): [
        ("1.001193", "Đăng ký khai sinh", "commune"),
        ("1.000894", "Đăng ký kết hôn", "commune"),
        ("1.000656", "Đăng ký khai tử", "commune"),
        ("1.004884", "Đăng ký lại khai sinh", "commune"),
        ("2.000635", "Cấp bản sao trích lục khai sinh", "commune"),
        ("1.001022", "Đăng ký nhận cha, mẹ, con", "commune"),
    ],
    ("CT", "Đăng ký, quản lý cư trú"): [
        ("1.004194", "Đăng ký thường trú", "commune"),
        ("1.004222", "Đăng ký tạm trú", "commune"),
    ],
    ("DD", "Đất đai"): [
        ("1.012345", "Cấp giấy chứng nhận quyền sử dụng đất lần đầu", "province"),
        ("1.012346", "Đăng ký biến động quyền sử dụng đất", "province"),
    ],
}


@pytest.fixture
def catalogue():
    for (field_code, field_name), procedures in CATALOGUE.items():
        field = FieldFactory(code=field_code, name=field_name)
        for code, name, level in procedures:
            procedure = PublishedProcedureFactory(
                code=code,
                code_is_illustrative=False,
                version__name=name,
                version__field=field,
                version__level=level,
                version__online_level="full" if level == "commune" else "partial",
                version__publishing_decision="Quyết định số 1234/QĐ-UBND ngày 20/06/2025",
                version__legal_basis="Luật Hộ tịch năm 2014.\nNghị định số 123/2015/NĐ-CP.",
            )
            Procedure.objects.filter(pk=procedure.pk).update(
                search_text=procedure_search_text(procedure.versions.get())
            )
    ServicePointFactory(
        name="Trung tâm Phục vụ hành chính công thành phố",
        kind="city_centre",
        address="258 Võ Chí Công, Tây Hồ, Hà Nội",
    )
    ServicePointFactory(name="Chi nhánh số 1 — Hoàn Kiếm", address="2 Hàng Bài, Hoàn Kiếm")


def result_names(page):
    return page.locator("#guide-results .procedure-name")


def test_a_citizen_types_a_name_in_capitals_and_opens_the_procedure(
    live_server, page, screenshot, catalogue
):
    page.goto(live_server.url + "/")
    page.locator("main").get_by_role(
        "link", name=re.compile("thủ tục|procedure", re.I)
    ).first.click()
    expect(page).to_have_url(re.compile(r"/thu-tuc/$"))
    expect(result_names(page)).to_have_count(10)
    screenshot("guide-index")

    search = page.get_by_role("searchbox")
    search.fill("KHAI SINH")
    # htmx swaps the results in place as the citizen types: no submit needed.
    expect(result_names(page)).to_have_text(
        ["Đăng ký khai sinh", "Đăng ký lại khai sinh", "Cấp bản sao trích lục khai sinh"]
    )
    expect(page.locator("#guide-count")).to_contain_text("3")
    expect(page).to_have_url(re.compile(r"q=KHAI\+SINH"))
    expect(search).to_be_focused()
    screenshot("guide-search-khai-sinh")

    page.get_by_role("link", name="Đăng ký khai sinh", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký khai sinh")
    main = page.locator("main")
    expect(main).to_contain_text("8.000 đ")
    expect(main).to_contain_text("Tờ khai theo mẫu")
    expect(main).to_contain_text("01/07/2025")
    expect(main.locator('a[href="/diem-tiep-nhan/"]').first).to_be_visible()
    screenshot("guide-procedure")

    page.set_viewport_size(TABLET)
    screenshot("guide-procedure-tablet")
    main.locator('a[href="/diem-tiep-nhan/"]').first.click()
    expect(page.locator("main")).to_contain_text("258 Võ Chí Công, Tây Hồ, Hà Nội")
    screenshot("guide-service-points-tablet")


def test_filters_update_the_results_and_the_browse_panel(live_server, page, screenshot, catalogue):
    page.goto(live_server.url + "/thu-tuc/?q=dang+ky")
    page.get_by_role("combobox").first.select_option("DD")
    expect(result_names(page)).to_have_text(["Đăng ký biến động quyền sử dụng đất"])
    expect(page.locator('#guide-browse a[aria-current="true"]').first).to_contain_text("Đất đai")
    page.set_viewport_size(TABLET)
    screenshot("guide-filter-tablet")


def test_the_search_works_without_javascript(live_server, browser, catalogue):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1366, "height": 768}
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + "/thu-tuc/")
        page.get_by_role("searchbox").fill("dang ky ket hon")
        page.get_by_role("searchbox").press("Enter")
        expect(page).to_have_url(re.compile(r"q=dang\+ky\+ket\+hon"))
        expect(result_names(page)).to_have_text(["Đăng ký kết hôn"])
    finally:
        context.close()
