"""Rules of the upload chain (issue 6 §1), each against a real file built for the test: the kind
comes from the content, not the name; programs, encrypted, scripted or damaged PDFs, truncated
images, decompression bombs, macros, zip bombs, archives and oversize files are refused, each
with a message that says why; names are sanitised, never trusted."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from documents import samples
from motcua.documents.validation import (
    MAX_NAME_LENGTH,
    Kind,
    sanitise_filename,
    validate_upload,
)

ALL_OFFICE = ["pdf", "jpeg", "png", "tiff", "docx", "xlsx"]


def refusal(data: bytes, *, name="hoso.pdf", allowed=ALL_OFFICE, max_bytes=None):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validate_upload(name=name, data=data, allowed=allowed, max_bytes=max_bytes)
    error = caught.value
    return error.error_list[0].code, error.messages[0]


# --- Accepted -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "name", "kind"),
    [
        (samples.pdf, "to-khai.pdf", Kind.PDF),
        (samples.jpeg, "anh.jpg", Kind.JPEG),
        (samples.png, "anh.png", Kind.PNG),
        (samples.tiff, "scan.tif", Kind.TIFF),
        (samples.docx, "don.docx", Kind.DOCX),
        (samples.xlsx, "bang-ke.xlsx", Kind.XLSX),
    ],
)
def test_good_scans_and_office_documents_are_accepted_with_their_detected_kind(make, name, kind):
    data = make()
    checked = validate_upload(name=name, data=data, allowed=ALL_OFFICE)
    assert checked.kind == kind
    assert checked.name == name
    assert checked.size == len(data)
    assert len(checked.sha256) == 64


def test_the_kind_comes_from_the_content_and_the_name_gets_its_extension():
    """A JPEG called .pdf is a JPEG; a name that lies gets the right extension appended."""
    checked = validate_upload(name="giay-khai-sinh.pdf", data=samples.jpeg(), allowed=ALL_OFFICE)
    assert checked.kind == Kind.JPEG
    assert checked.content_type == "image/jpeg"
    assert checked.name == "giay-khai-sinh.pdf.jpg"


def test_a_component_without_listed_types_accepts_scans_only():
    assert validate_upload(name="a.pdf", data=samples.pdf(), allowed=[]).kind == Kind.PDF
    code, message = refusal(samples.docx(), name="don.docx", allowed=[])
    assert code == "type_not_allowed"
    assert "DOCX" in message and "PDF" in message


def test_docx_is_refused_where_the_component_allows_only_pdf():
    code, message = refusal(samples.docx(), name="don.docx", allowed=["pdf"])
    assert code == "type_not_allowed"
    assert message == "A DOCX file is not accepted for this paper; accepted: PDF."


# --- Programs -------------------------------------------------------------------------------


def test_a_linux_program_renamed_pdf_is_refused_as_a_program():
    code, message = refusal(samples.elf_named_pdf(), name="hoso.pdf")
    assert code == "executable"
    assert "Linux program" in message


def test_a_windows_program_renamed_jpg_is_refused_as_a_program():
    code, message = refusal(samples.windows_program(), name="anh-chan-dung.jpg")
    assert code == "executable"
    assert "Windows program" in message


def test_a_program_hidden_after_a_good_pdf_is_refused():
    assert refusal(samples.pdf_hiding_a_program())[0] == "executable"


def test_a_shell_script_renamed_png_is_refused():
    code, message = refusal(samples.shell_script(), name="anh.png")
    assert code == "executable"
    assert "script" in message


def test_a_zip_holding_a_program_is_refused_even_where_zip_is_allowed():
    code, message = refusal(samples.zip_with_program(), name="hoso.zip", allowed=["pdf", "zip"])
    assert code == "executable"
    assert "setup.exe" in message


# --- PDFs -----------------------------------------------------------------------------------


def test_an_encrypted_pdf_is_refused():
    code, message = refusal(samples.encrypted_pdf())
    assert code == "encrypted"
    assert "password" in message


def test_a_pdf_running_javascript_when_opened_is_refused():
    code, message = refusal(samples.pdf_with_javascript_open_action())
    assert code == "javascript"
    assert message == "The PDF contains JavaScript, which is not accepted."


def test_a_pdf_with_a_document_level_script_is_refused():
    assert refusal(samples.pdf_with_document_javascript())[0] == "javascript"


def test_a_pdf_launching_a_program_is_refused_even_with_an_escaped_name():
    assert refusal(samples.pdf_with_launch_action_obfuscated())[0] == "pdf_launch"


def test_a_script_that_nothing_references_is_refused_too():
    assert refusal(samples.pdf_with_orphan_javascript())[0] == "javascript"


def test_the_bytes_of_a_script_name_inside_stream_data_are_not_a_script():
    data = samples.pdf_whose_image_data_spells_js()
    assert validate_upload(name="scan.pdf", data=data, allowed=["pdf"]).kind == Kind.PDF


def test_a_pdf_carrying_an_embedded_file_is_refused():
    assert refusal(samples.pdf_with_embedded_file())[0] == "pdf_embedded"


def test_a_truncated_pdf_is_refused_as_damaged():
    code, message = refusal(samples.truncated_pdf())
    assert code == "broken"
    assert "damaged or incomplete" in message


# --- Images ---------------------------------------------------------------------------------


def test_a_truncated_jpeg_is_refused_after_a_full_decode():
    code, message = refusal(samples.truncated_jpeg(), name="anh.jpg")
    assert code == "broken"
    assert "truncated" in message


def test_truncation_is_caught_even_after_weasyprint_told_pillow_to_pad_truncated_images():
    import weasyprint  # noqa: F401  (sets ImageFile.LOAD_TRUNCATED_IMAGES = True on import)
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    assert refusal(samples.truncated_jpeg(), name="anh.jpg")[0] == "broken"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # WeasyPrint's choice is left as it was


def test_a_png_decompression_bomb_is_refused_not_warned_about():
    data = samples.png_bomb()
    assert len(data) < 100_000  # a small file…
    code, message = refusal(data, name="anh.png")  # …of 144 million pixels
    assert code == "image_bomb"
    assert "144 million pixels" in message


def test_the_pixel_limit_is_a_setting(settings):
    settings.DOCUMENTS_MAX_IMAGE_PIXELS = 10_000
    assert refusal(samples.png(), name="anh.png")[0] == "image_bomb"


# --- Office documents and archives ----------------------------------------------------------


def test_an_xlsx_with_a_vba_project_is_refused_for_its_macros():
    code, message = refusal(samples.xlsx_with_macros(), name="bang-ke.xlsx")
    assert code == "macros"
    assert "macros" in message


def test_a_docx_that_unpacks_to_far_more_than_it_weighs_is_refused_as_a_zip_bomb():
    code, message = refusal(samples.docx_bomb(), name="don.docx")
    assert code == "zip_bomb"
    assert "zip bomb" in message


def test_a_zip_is_refused_unless_the_component_allows_it():
    code, message = refusal(samples.plain_zip(), name="hoso.zip")
    assert code == "archive"
    assert message == "Archives (ZIP) are not accepted for this paper."
    allowed = validate_upload(name="hoso.zip", data=samples.plain_zip(), allowed=["zip"])
    assert allowed.kind == Kind.ZIP


def test_other_archives_and_old_office_files_are_refused():
    assert refusal(samples.rar_header(), name="hoso.rar")[0] == "archive"
    assert refusal(samples.old_word_document(), name="don.doc")[0] == "legacy_office"


def test_content_of_no_accepted_kind_is_refused_whatever_its_name():
    code, message = refusal(b"<html><script>alert(1)</script></html>", name="to-khai.pdf")
    assert code == "unknown_type"
    assert "whatever its name says" in message


# --- Size -----------------------------------------------------------------------------------


def test_a_file_over_the_limit_is_refused_with_both_sizes():
    data = samples.pdf() + b"%" + b"0" * 1_048_576
    code, message = refusal(data, max_bytes=1_048_576)
    assert code == "too_large"
    assert message == "The file is 1.0 MB; the largest accepted for this paper is 1 MB."


def test_an_empty_file_is_refused():
    assert refusal(b"")[0] == "empty"


def test_the_default_limit_is_20_mb(settings):
    assert settings.DOCUMENTS_MAX_FILE_MB == 20
    code, message = refusal(b"%PDF-" + b"0" * (20 * 1_048_576))
    assert code == "too_large"
    assert "20 MB" in message


# --- Names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("/etc/shadow.pdf", "shadow.pdf"),
        ("C:\\Windows\\System32\\giay-to.pdf", "giay-to.pdf"),
        ("..\\..\\boot.ini.pdf", "boot.ini.pdf"),
        ("to\x00khai\x1b[31m.pdf", "tokhai[31m.pdf"),
        ("bản\u202egpj.pdf", "bảngpj.pdf"),  # right-to-left override removed
        ("...", "file"),
        ("a<b>c:d|e?.pdf", "a_b_c_d_e_.pdf"),
    ],
)
def test_paths_and_control_characters_are_stripped_from_names(sent, kept):
    with translation.override("en"):
        assert sanitise_filename(sent) == kept


def test_vietnamese_letters_are_kept_and_composed():
    decomposed = unicodedata.normalize("NFD", "Giấy khai sinh của Nguyễn Thị Hường.pdf")
    name = sanitise_filename(decomposed)
    assert name == "Giấy khai sinh của Nguyễn Thị Hường.pdf"
    assert unicodedata.is_normalized("NFC", name)


def test_long_names_are_cut_keeping_the_extension():
    name = sanitise_filename("đ" * 400 + ".pdf")
    assert len(name) == MAX_NAME_LENGTH
    assert name.endswith(".pdf")


def test_a_path_in_the_name_never_reaches_the_stored_name():
    checked = validate_upload(name="../../../../tmp/x.pdf", data=samples.pdf(), allowed=["pdf"])
    assert checked.name == "x.pdf"
