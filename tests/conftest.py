import pytest

from factories.accounts import StaffUserFactory
from factories.organizations import MembershipFactory, UnitFactory
from motcua.organizations.models import Role


@pytest.fixture
def city(db):
    return UnitFactory(code="000.00.00.H26", name="UBND thành phố Hà Nội", level="city")


@pytest.fixture
def department(city):
    return UnitFactory(code="000.00.11.H26", name="Sở Tư pháp", parent=city)


@pytest.fixture
def division(department):
    return UnitFactory(
        code="000.11.01.H26", name="Phòng Hộ tịch", parent=department, level="division"
    )


@pytest.fixture
def other_department(city):
    return UnitFactory(code="000.00.12.H26", name="Sở Xây dựng", parent=city)


@pytest.fixture
def staff_with_role(db):
    """staff_with_role(role, unit) → a user holding that role in that unit."""

    def make(role: str, unit):
        user = StaffUserFactory()
        MembershipFactory(user=user, unit=unit, role=role)
        return user

    return make


@pytest.fixture
def documents_in_a_temporary_folder(settings, tmp_path):
    """The test stores its files in its own folder (the "documents" storage)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documents"), "base_url": None},
        },
    }
    return tmp_path / "documents"


@pytest.fixture
def system_admin(staff_with_role, city):
    return staff_with_role(Role.SYSTEM_ADMIN, city)


@pytest.fixture(autouse=True)
def official_calendar_rows(request):
    """The official 2025-2026 corrections come from a data migration; a transactional test's
    flush deletes them, so put them back for every test that uses the database."""
    if not {"db", "transactional_db", "live_server"} & set(request.fixturenames) and not (
        request.node.get_closest_marker("django_db")
    ):
        return
    request.getfixturevalue(
        "transactional_db"
        if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
        else "db"
    )
    from motcua.calendars.services import ensure_official_overrides

    ensure_official_overrides()


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """Each test's database starts at calendar revision 0 again: forget calendars built by
    an earlier test, which the revision number alone could not tell apart."""
    from motcua.calendars.selectors import forget_built_calendars

    forget_built_calendars()
    yield
    forget_built_calendars()


@pytest.fixture(autouse=True)
def default_language():
    """Start every test in the default language, as a fresh request would: a language a
    previous test's request activated must not leak into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
