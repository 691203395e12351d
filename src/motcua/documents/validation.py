"""The upload chain: every file a citizen or an officer gives the system passes these checks,
in this order, and the first that fails refuses it with a message that says why.

1. the name is sanitised (never refused: a path or a control character is simply dropped);
2. size: not empty, not above the component's limit;
3. no executable, whatever the file is called (PE/MZ, ELF, Mach-O, scripts, shortcuts);
4. the kind is detected from the CONTENT (magic numbers), never from the name or the browser's
   declared type, and must be one the component allows (scans by default);
5. a check per kind: a PDF must parse, not be encrypted and carry no JavaScript, automatic
   action, launch action or embedded file; an image must decode completely within a pixel
   limit (a decompression bomb is refused, not warned about); a DOCX/XLSX must be a real
   Office Open XML package without macros and must not unpack to a zip bomb; a ZIP (only where
   the component allows it) must hold no executable and no bomb either.

Everything here is pure (bytes in, verdict out) except the limits, read from settings. The
detection table is our own: seven kinds and a dozen executable and archive signatures are
fewer lines than the adapter to a general library would be, and the decisive checks (pypdf,
Pillow, zipfile) look inside the file anyway.
"""

import contextlib
import hashlib
import io
import re
import struct
import threading
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Kind(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    TIFF = "tiff", "TIFF"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"
    ZIP = "zip", "ZIP"


#: What a component accepts when its catalogue entry lists no types: scans.
SCAN_KINDS = (Kind.PDF, Kind.JPEG, Kind.PNG, Kind.TIFF)

CONTENT_TYPES = {
    Kind.PDF: "application/pdf",
    Kind.JPEG: "image/jpeg",
    Kind.PNG: "image/png",
    Kind.TIFF: "image/tiff",
    Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Kind.ZIP: "application/zip",
}
EXTENSIONS = {
    Kind.PDF: (".pdf",),
    Kind.JPEG: (".jpg", ".jpeg"),
    Kind.PNG: (".png",),
    Kind.TIFF: (".tif", ".tiff"),
    Kind.DOCX: (".docx",),
    Kind.XLSX: (".xlsx",),
    Kind.ZIP: (".zip",),
}
#: Kinds a browser may show inline (preview); everything else is served as an attachment.
PREVIEWABLE = frozenset({Kind.PDF, Kind.JPEG, Kind.PNG})

MAX_NAME_LENGTH = 150
MAX_PDF_OBJECTS = 500_000
MAX_PDF_PAGES = 5_000
MAX_TIFF_FRAMES = 1_000
MAX_ZIP_MEMBERS = 10_000


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed the chain: its safe name, detected kind and digest."""

    name: str
    kind: str
    content_type: str
    size: int
    sha256: str


def refuse(message, code: str):
    raise ValidationError(message, code=code)


# --- 1. The name ----------------------------------------------------------------------------

_RESERVED = re.compile(r'[<>:"|?*\\/]')


def sanitise_filename(name: str, *, default: str = "") -> str:
    """The last component of whatever path the client sent, in Unicode NFC (Vietnamese
    letters kept, composed), without control or format characters nor the characters Windows
    reserves, without leading dots, at most MAX_NAME_LENGTH characters (extension kept)."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] not in {"C"})
    name = _RESERVED.sub("_", name)
    name = " ".join(name.split()).strip(" .")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[: MAX_NAME_LENGTH - len(extension) - 1].rstrip(" .") + "." + extension
        else:
            name = name[:MAX_NAME_LENGTH].rstrip(" .")
    return name or default or _("file")


def name_for_kind(name: str, kind: str) -> str:
    """The sanitised name with the extension of the detected kind: "scan.exe" holding a PDF
    is kept as "scan.exe.pdf", so no program ever opens it as something else."""
    if name.lower().endswith(EXTENSIONS[kind]):
        return name
    extension = EXTENSIONS[kind][0]
    return sanitise_filename(name[: MAX_NAME_LENGTH - len(extension)] + extension)


# --- 2. Size --------------------------------------------------------------------------------


def check_size(size: int, max_bytes: int) -> None:
    if size <= 0:
        refuse(_("The file is empty."), "empty")
    if size > max_bytes:
        refuse(
            _("The file is %(size)s MB; the largest accepted for this paper is %(limit)s MB.")
            % {"size": f"{size / 1_048_576:.1f}", "limit": f"{max_bytes / 1_048_576:g}"},
            "too_large",
        )


# --- 3. Executables -------------------------------------------------------------------------

_EXECUTABLE_SIGNATURES = (
    (b"MZ", gettext_lazy("a Windows program")),
    (b"\x7fELF", gettext_lazy("a Linux program")),
    (b"\xfe\xed\xfa\xce", gettext_lazy("a macOS program")),
    (b"\xfe\xed\xfa\xcf", gettext_lazy("a macOS program")),
    (b"\xce\xfa\xed\xfe", gettext_lazy("a macOS program")),
    (b"\xcf\xfa\xed\xfe", gettext_lazy("a macOS program")),
    (b"\xca\xfe\xba\xbe", gettext_lazy("a macOS or Java program")),
    (b"#!", gettext_lazy("a script")),
    (b"L\x00\x00\x00\x01\x14\x02\x00", gettext_lazy("a Windows shortcut")),
    (b"\x00asm", gettext_lazy("a WebAssembly program")),
)
#: The stub every Windows program carries: found anywhere, the file hides a program.
_DOS_STUB = b"This program cannot be run in DOS mode"


def executable_kind(data: bytes):
    """What kind of program `data` is or carries, or None."""
    head = data[:16].lstrip(b"\xef\xbb\xbf")
    for signature, label in _EXECUTABLE_SIGNATURES:
        if head.startswith(signature):
            return label
    if _DOS_STUB in data:
        return gettext_lazy("a Windows program")
    return None


def check_not_executable(data: bytes) -> None:
    label = executable_kind(data)
    if label is not None:
        refuse(
            _("The file is %(what)s, not a document: programs are never accepted.")
            % {"what": label},
            "executable",
        )


# --- 4. Kind from the content ---------------------------------------------------------------

_ARCHIVES = (
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ\x00",
    b"\x28\xb5\x2f\xfd",  # zstandard
    b"MSCF",  # Windows cabinet
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        refuse(_("The file is a damaged archive or document and cannot be opened."), "broken")
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names or any(n.startswith("word/") for n in names):
            return Kind.DOCX
        if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
            return Kind.XLSX
    return Kind.ZIP


def detect_kind(data: bytes) -> str:
    """The kind of `data` from its first bytes (and, for a ZIP, its directory)."""
    if data.startswith(b"%PDF-"):
        return Kind.PDF
    if data.startswith(b"\xff\xd8\xff"):
        return Kind.JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return Kind.PNG
    if data.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return Kind.TIFF
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if data.startswith(_ARCHIVES) or data[257:262] == b"ustar":
        refuse(
            _(
                "Compressed archives (RAR, 7-Zip, gzip, tar…) are not accepted; send the papers "
                "themselves."
            ),
            "archive",
        )
    if data.startswith(_OLE2):
        refuse(
            _(
                "Old Office files (.doc, .xls) are not accepted: save the paper as PDF, DOCX or "
                "XLSX."
            ),
            "legacy_office",
        )
    refuse(
        _(
            "The content of the file is not a PDF, an image (JPEG, PNG, TIFF) or an Office "
            "document, whatever its name says."
        ),
        "unknown_type",
    )


def check_allowed(kind: str, allowed) -> None:
    allowed = list(allowed) or list(SCAN_KINDS)
    if kind not in allowed:
        if kind == Kind.ZIP:
            refuse(_("Archives (ZIP) are not accepted for this paper."), "archive")
        refuse(
            _("A %(kind)s file is not accepted for this paper; accepted: %(allowed)s.")
            % {
                "kind": Kind(kind).label,
                "allowed": ", ".join(Kind(k).label for k in allowed if k in Kind.values),
            },
            "type_not_allowed",
        )


# --- 5a. PDF --------------------------------------------------------------------------------

_PDF_KEYS = {
    "/JS": ("javascript", gettext_lazy("The PDF contains JavaScript, which is not accepted.")),
    "/JavaScript": (
        "javascript",
        gettext_lazy("The PDF contains JavaScript, which is not accepted."),
    ),
    "/AA": (
        "pdf_action",
        gettext_lazy("The PDF contains actions that run by themselves, which are not accepted."),
    ),
    "/Launch": (
        "pdf_launch",
        gettext_lazy("The PDF tries to start a program (launch action), which is not accepted."),
    ),
    "/EmbeddedFile": (
        "pdf_embedded",
        gettext_lazy("The PDF carries embedded files, which are not accepted."),
    ),
    "/EmbeddedFiles": (
        "pdf_embedded",
        gettext_lazy("The PDF carries embedded files, which are not accepted."),
    ),
    "/RichMedia": (
        "pdf_active",
        gettext_lazy("The PDF carries active content (multimedia, forms with scripts)."),
    ),
    "/XFA": (
        "pdf_active",
        gettext_lazy("The PDF carries active content (multimedia, forms with scripts)."),
    ),
}
#: Action types (/S) refused wherever they appear, /OpenAction included.
_PDF_ACTIONS = {
    "/JavaScript": "/JS",
    "/Launch": "/Launch",
    "/ImportData": "/XFA",
    "/RichMediaExecute": "/RichMedia",
}
# In the raw bytes too: an object no longer reachable from the catalogue is still run by
# readers that rebuild a broken cross-reference table. Stream data is left out: three random
# bytes of a compressed scan spell "/JS" about once in 20 MB.
_RAW_JAVASCRIPT = re.compile(rb"/J(?:avaScript|S)(?![A-Za-z0-9#])")
_STREAM_DATA = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)


def _pdf_refuse(key: str):
    code, message = _PDF_KEYS[key]
    refuse(str(message), code)


def _walk_pdf(reader) -> None:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    stack, seen, count = [reader.trailer], set(), 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            reference = (item.idnum, item.generation)
            if reference in seen:
                continue
            seen.add(reference)
            item = item.get_object()
        count += 1
        if count > MAX_PDF_OBJECTS:
            refuse(_("The PDF is too complex to be checked."), "pdf_complex")
        if isinstance(item, DictionaryObject):
            for key, value in dict.items(item):
                if key in _PDF_KEYS:
                    _pdf_refuse(key)
                if key == "/S":
                    action = value.get_object() if isinstance(value, IndirectObject) else value
                    if str(action) in _PDF_ACTIONS:
                        _pdf_refuse(_PDF_ACTIONS[str(action)])
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(list.__iter__(item))


def check_pdf(data: bytes) -> None:
    """Parse with pypdf: refuse an encrypted, damaged or truncated PDF, and one with scripts,
    automatic or launch actions, or embedded files."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    broken = _("The PDF is damaged or incomplete and cannot be opened.")
    if b"%%EOF" not in data[-2048:]:
        refuse(broken, "broken")  # cut short: a complete PDF ends with %%EOF
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            refuse(
                _("The PDF is encrypted or protected by a password; send it without protection."),
                "encrypted",
            )
        pages = len(reader.pages)
        if pages == 0:
            refuse(broken, "broken")
        if pages > MAX_PDF_PAGES:
            refuse(_("The PDF is too complex to be checked."), "pdf_complex")
        _walk_pdf(reader)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        raise ValidationError(broken, code="broken") from error
    except (RecursionError, OSError, EOFError, AssertionError, ZeroDivisionError) as error:
        raise ValidationError(broken, code="broken") from error
    if _RAW_JAVASCRIPT.search(_STREAM_DATA.sub(b"stream", data)):
        _pdf_refuse("/JavaScript")


# --- 5b. Images -----------------------------------------------------------------------------

_PIL_FORMATS = {Kind.JPEG: {"JPEG", "MPO"}, Kind.PNG: {"PNG"}, Kind.TIFF: {"TIFF"}}


#: WeasyPrint (the printed forms) sets Pillow's process-wide LOAD_TRUNCATED_IMAGES on import,
#: which makes Pillow pad a truncated image silently. The check switches it off for its own
#: decoding, one check at a time, and puts the previous value back.
_STRICT_DECODING = threading.Lock()


@contextlib.contextmanager
def _strict_pillow():
    from PIL import ImageFile

    with _STRICT_DECODING:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def check_image(data: bytes, kind: str, *, max_pixels: int | None = None) -> None:
    """Decode the whole image (every page of a TIFF) with Pillow: a truncated or damaged image
    fails the decoding; one bigger than `max_pixels` is refused BEFORE decoding (a
    decompression bomb: a small file that would take gigabytes of memory)."""
    with _strict_pillow():
        _check_image(data, kind, max_pixels=max_pixels)


def _check_image(data: bytes, kind: str, *, max_pixels: int | None) -> None:
    from PIL import Image, UnidentifiedImageError

    max_pixels = max_pixels or settings.DOCUMENTS_MAX_IMAGE_PIXELS
    broken = _("The image is damaged or incomplete (truncated) and cannot be shown.")
    bomb = _(
        "The image is too large once opened (%(pixels)s million pixels; at most %(limit)s "
        "million): it looks like a decompression bomb."
    )
    too_large = _("The image is too large once opened: it looks like a decompression bomb.")
    with warnings.catch_warnings():
        # Pillow warns between its own limit and twice it, and refuses above: the pixel count
        # is checked below against ours, before anything is decoded.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in _PIL_FORMATS[kind]:
                    refuse(broken, "broken")
                frames = getattr(image, "n_frames", 1)
                if frames > MAX_TIFF_FRAMES:
                    refuse(too_large, "image_bomb")
                total = 0
                for frame in range(frames):
                    image.seek(frame)
                    width, height = image.size
                    total += width * height
                    if total > max_pixels:
                        refuse(
                            bomb
                            % {
                                "pixels": f"{total / 1_000_000:.0f}",
                                "limit": f"{max_pixels / 1_000_000:g}",
                            },
                            "image_bomb",
                        )
                    image.load()
            if kind == Kind.PNG:
                with Image.open(io.BytesIO(data)) as again:
                    again.verify()  # the checksums of every chunk
        except ValidationError:
            raise
        except Image.DecompressionBombError as error:
            raise ValidationError(too_large, code="image_bomb") from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
            raise ValidationError(broken, code="broken") from error
        except (IndexError, TypeError, KeyError, struct.error, MemoryError) as error:
            raise ValidationError(broken, code="broken") from error


# --- 5c. Office documents and ZIP -----------------------------------------------------------

_OOXML_MAIN = {
    Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
_EXECUTABLE_NAMES = re.compile(
    r"\.(exe|dll|com|scr|msi|bat|cmd|ps1|vbs|vbe|js|jse|wsf|wsh|hta|jar|sh|app|apk|lnk|cpl)$",
    re.IGNORECASE,
)


def _check_archive(archive: zipfile.ZipFile, size: int) -> None:
    """No zip bomb, no encrypted member, no program inside."""
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        refuse(_("The archive holds too many files."), "zip_bomb")
    unpacked = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members), size // 2)
    limit = settings.DOCUMENTS_MAX_UNPACKED_MB * 1_048_576
    if unpacked > limit or unpacked / packed > settings.DOCUMENTS_MAX_ZIP_RATIO:
        refuse(
            _("The file unpacks to %(size)s MB, far more than it weighs: it looks like a zip bomb.")
            % {"size": f"{unpacked / 1_048_576:.0f}"},
            "zip_bomb",
        )
    for member in members:
        if member.flag_bits & 0x1:
            refuse(
                _("The file is encrypted or protected by a password; send it without protection."),
                "encrypted",
            )
        if _EXECUTABLE_NAMES.search(member.filename):
            refuse(
                _("The file holds a program (%(name)s): programs are never accepted.")
                % {"name": sanitise_filename(member.filename)},
                "executable",
            )
        if not member.is_dir() and member.file_size:
            with archive.open(member) as handle:
                head = handle.read(64)
            if executable_kind(head) is not None:
                refuse(
                    _("The file holds a program (%(name)s): programs are never accepted.")
                    % {"name": sanitise_filename(member.filename)},
                    "executable",
                )


def check_ooxml(data: bytes, kind: str) -> None:
    """A DOCX or XLSX: a ZIP with the Office Open XML content types of its kind, without macros
    (vbaProject.bin, macro-enabled types) and without a bomb."""
    broken = _("The document is damaged and cannot be opened.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive, len(data))
            names = archive.namelist()
            if any(
                n.lower().rsplit("/", 1)[-1] in {"vbaproject.bin", "vbadata.xml"} for n in names
            ):
                refuse(
                    _(
                        "The document contains macros, which are not accepted: save it as a "
                        "document without macros."
                    ),
                    "macros",
                )
            with archive.open("[Content_Types].xml") as handle:
                types = handle.read(1_048_576).decode("utf-8", "replace")
    except ValidationError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError, RuntimeError) as error:
        raise ValidationError(broken, code="broken") from error
    if "macroEnabled" in types or "vbaProject" in types:
        refuse(
            _(
                "The document contains macros, which are not accepted: save it as a document "
                "without macros."
            ),
            "macros",
        )
    if _OOXML_MAIN[kind] not in types:
        refuse(broken, "broken")


def check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive, len(data))
            if archive.testzip() is not None:
                refuse(_("The archive is damaged and cannot be opened."), "broken")
    except ValidationError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as error:
        raise ValidationError(
            _("The archive is damaged and cannot be opened."), code="broken"
        ) from error


def check_content(data: bytes, kind: str) -> None:
    if kind == Kind.PDF:
        check_pdf(data)
    elif kind in (Kind.JPEG, Kind.PNG, Kind.TIFF):
        check_image(data, kind)
    elif kind in (Kind.DOCX, Kind.XLSX):
        check_ooxml(data, kind)
    else:
        check_zip(data)


# --- The chain ------------------------------------------------------------------------------


def megabytes(value) -> int:
    return int(value) * 1_048_576


def validate_upload(*, name: str, data: bytes, allowed=(), max_bytes: int | None = None):
    """Run the whole chain on one file; a CheckedFile, or ValidationError saying why not."""
    safe_name = sanitise_filename(name)
    check_size(len(data), max_bytes or megabytes(settings.DOCUMENTS_MAX_FILE_MB))
    check_not_executable(data)
    kind = detect_kind(data)
    check_allowed(kind, allowed)
    check_content(data, kind)
    return CheckedFile(
        name=name_for_kind(safe_name, kind),
        kind=kind,
        content_type=CONTENT_TYPES[kind],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
