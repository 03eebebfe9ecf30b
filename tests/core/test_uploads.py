"""core.uploads: what every upload field accepts, judged by extension AND content."""

import io
import re
import struct
import zipfile
import zlib

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from core.uploads import (
    DOCUMENT_KINDS,
    DOCX,
    HWP,
    HWPX,
    JPEG,
    MAX_UPLOAD_BYTES,
    PDF,
    PDF_KINDS,
    PNG,
    TABLE_KINDS,
    XLSX,
    UploadField,
    display_name,
    random_name,
    validate_upload,
)
from tests.factories import UserFactory
from tests.mentoring.factories import MentoringSessionFactory
from tests.mous.factories import MouFactory
from tests.outcomes.factories import HWP_BYTES

# A complete one-page PDF 1.4 with its cross-reference table.
REAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
    b"0000000115 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n186\n%%EOF\n"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48 + b"This program"


def real_png() -> bytes:
    """A valid 1x1 white PNG, chunk CRCs and all."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def real_jpeg() -> bytes:
    image = pytest.importorskip("PIL.Image")
    buffer = io.BytesIO()
    image.new("RGB", (2, 2), "white").save(buffer, "JPEG")
    return buffer.getvalue()


def real_xlsx() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "성과 증빙"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_of(entries: dict[str, bytes], *, stored_first: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in entries.items():
            method = zipfile.ZIP_STORED if name == stored_first else zipfile.ZIP_DEFLATED
            package.writestr(name, data, compress_type=method)
    return buffer.getvalue()


def real_hwpx() -> bytes:
    """An HWPX package laid out as Hancom Office writes one: `mimetype` first and stored."""
    return zip_of(
        {
            "mimetype": b"application/hwp+zip",
            "version.xml": b'<?xml version="1.0"?><hv:HCFVersion tagetApplication="WORD"/>',
            "Contents/header.xml": b'<?xml version="1.0"?><hh:head version="1.4"/>',
            "Contents/section0.xml": "<hs:sec><hp:p><hp:t>회의록</hp:t></hp:p></hs:sec>".encode(),
            "Contents/content.hpf": b'<?xml version="1.0"?><opf:package/>',
            "META-INF/container.xml": b'<?xml version="1.0"?><ocf:container/>',
        },
        stored_first="mimetype",
    )


def real_docx() -> bytes:
    return zip_of(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
            "word/document.xml": "<w:document><w:t>확인서</w:t></w:document>".encode(),
        }
    )


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def refusal(name: str, data: bytes, kinds=DOCUMENT_KINDS, **kwargs) -> str:
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(name, data), kinds=kinds, **kwargs)
    [message] = error.value.messages
    return message


# --- the magic-byte table ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("협약서.pdf", lambda: REAL_PDF, PDF),
        ("사진.png", real_png, PNG),
        ("사진.jpg", real_jpeg, JPEG),
        ("사진.JPEG", real_jpeg, JPEG),
        ("회의록.hwp", lambda: HWP_BYTES, HWP),
        ("회의록.hwpx", real_hwpx, HWPX),
        ("매출.xlsx", real_xlsx, XLSX),
        ("확인서.docx", real_docx, DOCX),
    ],
)
def test_real_files_are_accepted_as_what_they_are(name, make, kind):
    file = upload(name, make())
    assert validate_upload(file, kinds=DOCUMENT_KINDS) == kind
    assert file.tell() == 0  # the caller reads the file from its start


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("사진.png", lambda: REAL_PDF, "This file's content is not a valid PNG file."),
        ("협약서.pdf", lambda: EXE, "This file's content is not a valid PDF file."),
        ("사진.jpg", real_png, "This file's content is not a valid JPEG file."),
        ("매출.xlsx", real_docx, "This file's content is not a valid XLSX file."),
        ("확인서.docx", real_xlsx, "This file's content is not a valid DOCX file."),
        ("회의록.hwpx", real_xlsx, "This file's content is not a valid HWPX file."),
        ("회의록.hwp", real_xlsx, "This file's content is not a valid HWP file."),
        # an OLE file that is not HWP, such as a Word 97 .doc
        ("회의록.hwp", lambda: HWP_BYTES[:80], "This file's content is not a valid HWP file."),
        (
            "매출.xlsx",
            lambda: b"PK\x03\x04 truncated",
            "This file's content is not a valid XLSX file.",
        ),
        (
            "회의록.hwpx",
            lambda: zip_of({"mimetype": b"application/epub+zip"}),
            "This file's content is not a valid HWPX file.",
        ),
    ],
)
def test_content_that_does_not_match_the_extension_is_refused(name, make, message):
    assert refusal(name, make()) == message


@pytest.mark.parametrize("name", ["setup.exe", "report.pdf.exe", "page.html", "image.svg", "noext"])
def test_extensions_off_the_list_are_refused(name):
    assert refusal(name, REAL_PDF) == (
        "Upload one of these file types: PDF, PNG, JPEG, HWP, HWPX, XLSX, DOCX."
    )


def test_each_field_has_its_own_list():
    assert (
        refusal("사진.png", real_png(), kinds=PDF_KINDS) == "Upload one of these file types: PDF."
    )
    assert refusal("협약서.pdf", REAL_PDF, kinds=TABLE_KINDS) == (
        "Upload one of these file types: CSV, XLSX."
    )


@pytest.mark.parametrize(
    "data",
    ["기업명,사업자등록번호\r\n".encode(), "기업명\r\n".encode("cp949"), b"\xef\xbb\xbfa,b\r\n"],
)
def test_csv_text_is_accepted(data):
    assert validate_upload(upload("기업.csv", data), kinds=TABLE_KINDS).label == "CSV"


@pytest.mark.parametrize("data", [REAL_PDF, EXE, b"a,b\x00c", real_xlsx()])
def test_binary_files_renamed_csv_are_refused(data):
    assert refusal("기업.csv", data, kinds=TABLE_KINDS) == (
        "This file's content is not a valid CSV file."
    )


# --- sizes -----------------------------------------------------------------------------------


def test_twenty_mb_is_the_limit():
    at_limit = upload("big.pdf", REAL_PDF + b" " * (MAX_UPLOAD_BYTES - len(REAL_PDF)))
    assert validate_upload(at_limit, kinds=PDF_KINDS) == PDF
    over = upload("big.pdf", REAL_PDF + b" " * (MAX_UPLOAD_BYTES - len(REAL_PDF) + 1))
    with pytest.raises(ValidationError) as error:
        validate_upload(over, kinds=PDF_KINDS)
    assert error.value.messages == ["The file is larger than 20 MB."]
    assert error.value.code == "size"


def test_a_smaller_limit_is_named_in_the_message():
    message = refusal(
        "기업.csv", b"a" * (1024 * 1024 + 1), kinds=TABLE_KINDS, max_bytes=1024 * 1024
    )
    assert message == "The file is larger than 1 MB."


def test_a_file_without_a_size_is_measured():
    assert validate_upload(ContentFile(REAL_PDF, name="x.pdf"), kinds=PDF_KINDS) == PDF


# --- ZIP bombs -------------------------------------------------------------------------------


def zeros_zip(members: dict[str, int], *, workbook: bool = True) -> bytes:
    """A package with members of `size` zero bytes each, written in chunks (never in memory)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        if workbook:
            package.writestr("[Content_Types].xml", "<Types/>")
            package.writestr("xl/workbook.xml", "<workbook/>")
        chunk = b"\x00" * (1024 * 1024)
        for name, size in members.items():
            with package.open(name, "w", force_zip64=True) as member:
                for _ in range(size // len(chunk)):
                    member.write(chunk)
                member.write(b"\x00" * (size % len(chunk)))
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_without_unpacking_it():
    bomb = zeros_zip({"xl/worksheets/sheet1.xml": 101 * 1024 * 1024})
    assert len(bomb) < 1024 * 1024  # small on the wire
    assert refusal("매출.xlsx", bomb) == "This XLSX file unpacks to more than 100 MB."


def test_many_members_adding_up_past_the_limit_are_refused():
    members = {f"xl/media/image{i}.png": 11 * 1024 * 1024 for i in range(10)}
    assert refusal("매출.xlsx", zeros_zip(members)) == "This XLSX file unpacks to more than 100 MB."


def test_an_implausible_compression_ratio_is_refused():
    message = refusal("매출.xlsx", zeros_zip({"xl/worksheets/sheet1.xml": 5 * 1024 * 1024}))
    assert (
        message == "This XLSX file is compressed implausibly well, as a ZIP bomb is; it is refused."
    )


def test_an_ordinary_large_workbook_passes():
    workbook = Workbook()
    sheet = workbook.active
    for row in range(10_000):
        sheet.append([f"기업{row}", row, row * 1.5, f"광주광역시 북구 첨단과기로 {row}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert validate_upload(upload("기업.xlsx", buffer.getvalue()), kinds=TABLE_KINDS) == XLSX


# --- names -----------------------------------------------------------------------------------


def test_stored_names_are_random_and_keep_only_a_known_extension():
    first, second = (
        random_name("private/x", "재무제표.pdf"),
        random_name("private/x", "재무제표.pdf"),
    )
    assert re.fullmatch(r"private/x/[0-9a-f]{32}\.pdf", first)
    assert first != second
    assert "재무제표" not in first
    assert re.fullmatch(r"private/x/[0-9a-f]{32}", random_name("private/x", "../../shell.php"))
    assert re.fullmatch(r"private/x/[0-9a-f]{32}\.hwpx", random_name("private/x", "A.HWPX"))


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("재무제표.pdf", PDF, "재무제표.pdf"),
        ("../../etc/서명본.PDF", PDF, "서명본.pdf"),
        ("C:\\Users\\kim\\사진.JPEG", JPEG, "사진.jpeg"),
        ("\u1109\u1161\u11bc\u1112\u116a\u11bc.pdf", PDF, "상황.pdf"),  # NFD from a Mac
        ("보고\x00서\r\n.pdf", PDF, "보고서.pdf"),
        ("...", PDF, "file.pdf"),
        ("계약서", PDF, "계약서.pdf"),
        ("가" * 300 + ".xlsx", XLSX, "가" * 150 + ".xlsx"),
    ],
)
def test_display_name_is_the_uploaders_name_made_safe(name, kind, expected):
    assert display_name(name, kind) == expected


# --- the form field --------------------------------------------------------------------------


class DocumentForm(forms.Form):
    title = forms.CharField()
    file = UploadField(kinds=PDF_KINDS)


def test_the_form_field_refuses_with_the_message_and_keeps_other_input():
    form = DocumentForm(data={"title": "업무협약"}, files={"file": upload("a.pdf", EXE)})
    assert not form.is_valid()
    assert form.errors == {"file": ["This file's content is not a valid PDF file."]}
    assert form["title"].value() == "업무협약"


def test_the_form_field_accepts_a_pdf_and_says_what_it_accepts():
    form = DocumentForm(data={"title": "업무협약"}, files={"file": upload("a.pdf", REAL_PDF)})
    assert form.is_valid()
    assert 'accept=".pdf"' in str(form["file"])


def test_django_admin_offers_no_upload_past_the_checks(client):
    """Superusers fix data in the admin; files come only through the checked forms."""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    pages = [
        reverse("admin:mous_mou_change", args=[MouFactory(with_document=True).pk]),
        reverse(
            "admin:mentoring_mentoringsession_change",
            args=[MentoringSessionFactory(with_attachment=True).pk],
        ),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200
        assert 'type="file"' not in response.content.decode()
