"""Rule: search text is folded the same way for stored names and queries: lowercase, no
Vietnamese diacritics, đ/Đ as d, single spaces (issue 4 §7)."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.catalog.search import fold, query_tokens


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đăng ký khai sinh", "dang ky khai sinh"),
        ("ĐĂNG KÝ KẾT HÔN", "dang ky ket hon"),
        ("Cấp Giấy chứng nhận quyền sử dụng đất", "cap giay chung nhan quyen su dung dat"),
        ("  Ủy ban\tnhân\n dân  ", "uy ban nhan dan"),
        ("Hộ tịch 1.000948", "ho tich 1.000948"),
        ("", ""),
    ],
)
def test_fold_drops_case_diacritics_and_extra_spaces(text, folded):
    assert fold(text) == folded


def test_composed_and_decomposed_input_fold_alike():
    name = "Đăng ký khai sinh"
    assert fold(unicodedata.normalize("NFD", name)) == fold(unicodedata.normalize("NFC", name))


def test_query_tokens_are_distinct_folded_words():
    assert query_tokens("  Khai SINH khai ") == ["khai", "sinh"]
    assert query_tokens("") == []
    assert query_tokens("\x00") == []


@given(st.text())
def test_fold_is_idempotent_and_leaves_no_marks_or_capitals(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert not any(unicodedata.combining(ch) for ch in folded)
    assert "đ" not in folded
    assert "  " not in folded
    assert folded == folded.strip()
