"""Rules: staff and citizens log in; repeated failures lock the account with a clear message;
citizen registration refuses malformed identities with a specific message (issue 2 §6)."""

import pytest

from factories.accounts import PASSWORD, StaffUserFactory
from motcua.accounts.models import User

pytestmark = pytest.mark.django_db


def test_home_page_is_vietnamese_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="vi">' in response.content.decode()
    assert "Hệ thống thông tin một cửa điện tử" in response.content.decode()


def test_english_can_be_chosen(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Electronic one-stop system" in client.get("/").content.decode()


def test_staff_log_in_with_username_and_passwords_are_argon2(client):
    user = StaffUserFactory(username="canbo")
    assert user.password.startswith("argon2")
    response = client.post("/dang-nhap/", {"username": "canbo", "password": PASSWORD})
    assert response.status_code == 302


def test_repeated_failures_lock_the_account_with_a_clear_message(client, settings):
    StaffUserFactory(username="canbo")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/dang-nhap/", {"username": "canbo", "password": "wrong"})
        assert response.status_code == 200
        assert "không khớp" in response.content.decode()
    response = client.post("/dang-nhap/", {"username": "canbo", "password": "wrong"})
    assert response.status_code == 429
    assert "tạm khóa" in response.content.decode()
    # Even the right password is refused while the lock lasts.
    response = client.post("/dang-nhap/", {"username": "canbo", "password": PASSWORD})
    assert response.status_code == 429


def registration(**overrides):
    data = {
        "identity_kind": "cccd",
        "identity_number": "001090012345",
        "full_name": "Nguyễn Văn An",
        "email": "an@example.vn",
        "phone": "0912345678",
        "password": "Sen-vang-2026!",
        "password_again": "Sen-vang-2026!",
    }
    data.update(overrides)
    return data


def test_a_citizen_registers_and_logs_in_with_their_citizen_id(client):
    response = client.post("/dang-ky/", registration())
    assert response.status_code == 302
    user = User.objects.get(identity_number="001090012345")
    assert user.is_citizen
    client.logout()
    assert (
        client.post(
            "/dang-nhap/", {"username": "001090012345", "password": "Sen-vang-2026!"}
        ).status_code
        == 302
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"identity_number": "12345"}, "12 chữ số"),
        ({"identity_number": "003090012345"}, "mã tỉnh"),
        ({"identity_kind": "tax_code", "identity_number": "123"}, "10 chữ số"),
        ({"password_again": "other"}, "không giống"),
        ({"full_name": ""}, "bắt buộc"),
    ],
)
def test_bad_registration_says_why_and_saves_nothing(client, overrides, message):
    response = client.post("/dang-ky/", registration(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(kind="citizen").exists()


def test_an_identity_number_registers_only_once(client):
    client.post("/dang-ky/", registration())
    client.logout()
    response = client.post("/dang-ky/", registration(full_name="Người khác"))
    assert "đã có tài khoản" in response.content.decode()
    assert User.objects.filter(kind="citizen").count() == 1


def test_pages_stay_vietnamese_for_an_english_browser_until_english_is_chosen(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Hệ thống thông tin một cửa điện tử" in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Electronic one-stop system" in client.get("/").content.decode()
