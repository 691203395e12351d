"""Rules: search ignores Vietnamese diacritics and case on SQLite and PostgreSQL alike, every
word must occur, name-start matches come first, filters narrow, drafts never show (issue 4 §7).
"""

import datetime

import pytest

from factories.catalog import FieldFactory, PublishedProcedureFactory, VersionFactory
from motcua.catalog.models import Procedure, VersionStatus
from motcua.catalog.search import procedure_search_text
from motcua.catalog.selectors import search_procedures

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 3, 2)


def publish(name, *, code=None, field=None, level="commune", **version):
    """A published procedure whose search text is refreshed, as publication will do."""
    extra = {"code": code} if code else {}
    if field is not None:
        version["field"] = field
    procedure = PublishedProcedureFactory(
        version__name=name,
        version__level=level,
        **{f"version__{k}": v for k, v in version.items()},
        **extra,
    )
    refresh_search_text(procedure)
    return procedure


def refresh_search_text(procedure):
    version = procedure.versions.order_by("-number").first()
    Procedure.objects.filter(pk=procedure.pk).update(search_text=procedure_search_text(version))


def names(query="", **filters):
    return [v.name for v in search_procedures(query, on=ON, **filters)]


@pytest.fixture
def catalogue():
    civil = FieldFactory(code="HT", name="Hộ tịch")
    land = FieldFactory(code="DD", name="Đất đai")
    publish("Đăng ký khai sinh", code="1.001193", field=civil)
    publish("Đăng ký kết hôn", code="1.000894", field=civil)
    publish("Đăng ký khai tử", code="1.000656", field=civil)
    publish("Cấp giấy chứng nhận quyền sử dụng đất", code="1.012345", field=land, level="province")


@pytest.mark.parametrize(
    "query", ["khai sinh", "KHAI SINH", "Khai Sinh", "khai  sinh ", "Khai sinh"]
)
def test_case_and_spaces_do_not_matter(catalogue, query):
    assert names(query) == ["Đăng ký khai sinh"]


def test_a_query_without_accents_finds_the_accented_name(catalogue):
    assert names("dang ky ket hon") == ["Đăng ký kết hôn"]


def test_an_accented_query_finds_it_too(catalogue):
    assert names("Đăng ký kết hôn") == ["Đăng ký kết hôn"]


def test_d_and_dj_are_the_same_letter(catalogue):
    assert names("đat") == names("dat") == ["Cấp giấy chứng nhận quyền sử dụng đất"]
    assert "Đăng ký khai sinh" in names("dang")
    assert "Đăng ký khai sinh" in names("ĐĂNG")


def test_every_word_must_occur(catalogue):
    assert sorted(names("khai")) == ["Đăng ký khai sinh", "Đăng ký khai tử"]
    assert names("khai hon") == []


def test_the_code_and_the_field_are_searched(catalogue):
    assert names("1.000894") == ["Đăng ký kết hôn"]
    assert sorted(names("ho tich")) == ["Đăng ký khai sinh", "Đăng ký khai tử", "Đăng ký kết hôn"]


def test_names_that_start_with_the_query_come_first():
    field = FieldFactory(code="HT", name="Hộ tịch")
    publish("Cấp bản sao trích lục đăng ký khai sinh", field=field)
    publish("Đăng ký lại khai sinh", field=field)
    publish("Đăng ký khai sinh", field=field)
    assert names("dang ky khai sinh") == [
        "Đăng ký khai sinh",  # the whole query starts the name
        "Đăng ký lại khai sinh",  # its first word starts the name
        "Cấp bản sao trích lục đăng ký khai sinh",  # holds the query as a phrase
    ]


def test_within_a_rank_the_closer_shorter_name_comes_first():
    field = FieldFactory(code="HT", name="Hộ tịch")
    publish("Cấp bản sao trích lục khai sinh", field=field)
    publish("Đăng ký lại khai sinh", field=field)
    publish("Đăng ký khai sinh", field=field)
    assert names("khai sinh") == [
        "Đăng ký khai sinh",
        "Đăng ký lại khai sinh",
        "Cấp bản sao trích lục khai sinh",
    ]


def test_like_wildcards_are_taken_literally(catalogue):
    assert names("%") == []
    assert names("_") == []
    assert names("100%") == []


def test_a_blank_query_lists_everything_by_name(catalogue):
    assert names("") == [
        "Cấp giấy chứng nhận quyền sử dụng đất",
        "Đăng ký kết hôn",
        "Đăng ký khai sinh",
        "Đăng ký khai tử",
    ]


def test_field_and_level_filters_narrow_the_results(catalogue):
    assert names(field="DD") == ["Cấp giấy chứng nhận quyền sử dụng đất"]
    assert len(names("dang ky", field="HT", level="commune")) == 3
    assert names(level="province") == ["Cấp giấy chứng nhận quyền sử dụng đất"]
    assert names(level="central") == []
    assert names("khai sinh", field="DD") == []


def test_drafts_are_never_found():
    field = FieldFactory(code="HT", name="Hộ tịch")
    draft = VersionFactory(name="Đăng ký giám hộ", field=field)
    refresh_search_text(draft.procedure)
    assert names("giam ho") == []
    assert names() == []


def test_a_published_procedure_shows_its_published_version_not_a_newer_draft():
    field = FieldFactory(code="HT", name="Hộ tịch")
    procedure = publish("Đăng ký khai sinh", field=field)
    VersionFactory(procedure=procedure, number=2, name="Đăng ký khai sinh (dự thảo)", field=field)
    assert names("khai sinh") == ["Đăng ký khai sinh"]


def test_only_the_version_in_force_on_the_day_is_listed():
    field = FieldFactory(code="HT", name="Hộ tịch")
    procedure = publish("Đăng ký khai sinh", field=field, valid_to=datetime.date(2026, 6, 30))
    VersionFactory(
        procedure=procedure,
        number=2,
        name="Đăng ký khai sinh (mới)",
        field=field,
        status=VersionStatus.PUBLISHED,
        valid_from=datetime.date(2026, 7, 1),
    )
    found = search_procedures("khai sinh", on=datetime.date(2026, 6, 30))
    assert [v.number for v in found] == [1]
    found = search_procedures("khai sinh", on=datetime.date(2026, 7, 1))
    assert [v.number for v in found] == [2]
    assert list(search_procedures("khai sinh", on=datetime.date(2025, 6, 30))) == []


def test_an_expired_procedure_disappears():
    publish("Cấp giấy phép cũ", valid_to=datetime.date(2026, 1, 1))
    assert names("giay phep") == []


def test_overlapping_published_versions_show_once_the_latest_start():
    field = FieldFactory(code="HT", name="Hộ tịch")
    procedure = publish("Đăng ký khai sinh", field=field)
    VersionFactory(
        procedure=procedure,
        number=2,
        name="Đăng ký khai sinh v2",
        field=field,
        status=VersionStatus.PUBLISHED,
        valid_from=datetime.date(2026, 1, 1),
    )
    assert names("khai sinh") == ["Đăng ký khai sinh v2"]


def test_a_nul_character_in_the_query_is_harmless(catalogue):
    assert names("khai\x00sinh") == ["Đăng ký khai sinh"]
