"""The public lookup page in a real browser: a citizen types the code from the receipt and
sees where the dossier stands, in Vietnamese, keyboard only."""

import pytest
from django.core.cache import cache

from portal.test_public_lookup_page import dossier  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_citizen_types_the_code_and_sees_the_status(live_server, page, screenshot, dossier):  # noqa: F811
    cache.clear()
    page.goto(f"{live_server.url}/tra-cuu/")
    page.get_by_label("Mã hồ sơ").fill(dossier.code)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/tra-cuu/{dossier.code}/")
    assert page.get_by_text("Đã tiếp nhận").is_visible()
    assert page.get_by_text("Đăng ký kết hôn").is_visible()
    screenshot("public-lookup")
