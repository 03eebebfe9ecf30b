"""Uploaded files: the one place that decides which files the CRM accepts and how it names them.

A file is accepted when its extension is on the caller's allow-list AND its bytes are what the
extension claims (magic bytes; a ZIP package must hold its format's members and is measured from
its directory, never extracted). Files are stored under random names in MEDIA_ROOT, which no URL
serves: downloads go through views that fetch the owning row with `visible_to` (core.downloads).
"""

import unicodedata
import uuid
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MB = 1024 * 1024
MAX_UPLOAD_BYTES = 20 * MB
# A ZIP package (XLSX, DOCX, HWPX) is refused when its members add up to more than this once
# unpacked, or when one member is compressed implausibly well: the signs of a ZIP bomb.
MAX_UNPACKED_BYTES = 100 * MB
MAX_COMPRESSION_RATIO = 200
RATIO_CHECKED_FROM_BYTES = MB  # small members (XML headers) legitimately compress very well
MAX_ZIP_MEMBERS = 10_000
# A text file (CSV) is judged by its first bytes: no NUL byte and no binary format's signature.
TEXT_SNIFF_BYTES = 64 * 1024
SCAN_CHUNK_BYTES = MB

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # HWP 5 is an OLE2 compound file
ZIP_SIGNATURE = b"PK\x03\x04"  # XLSX, DOCX and HWPX are ZIP packages
BINARY_SIGNATURES = (
    b"%PDF-",
    b"\x89PNG",
    b"\xff\xd8\xff",
    OLE_SIGNATURE,
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"MZ",  # Windows executables
    b"\x7fELF",
    b"GIF8",
)


@dataclass(frozen=True)
class FileKind:
    """A file format the CRM accepts, recognised by its extension and by its content."""

    label: str
    extensions: tuple[str, ...]  # lower case, the first is the usual one
    content_type: str
    signatures: tuple[bytes, ...] = ()  # the file starts with one of these
    zip_members: tuple[str, ...] = ()  # a ZIP package must hold all of these members
    zip_mimetype: bytes = b""  # ...and its `mimetype` member must be exactly this
    ole_markers: tuple[bytes, ...] = ()  # an OLE file must contain all of these byte strings
    is_text: bool = False


PDF = FileKind("PDF", (".pdf",), "application/pdf", (b"%PDF-",))
PNG = FileKind("PNG", (".png",), "image/png", (b"\x89PNG\r\n\x1a\n",))
JPEG = FileKind("JPEG", (".jpg", ".jpeg"), "image/jpeg", (b"\xff\xd8\xff",))
# HWP 5: an OLE container whose FileHeader stream (named in UTF-16) starts with the signature.
HWP = FileKind(
    "HWP",
    (".hwp",),
    "application/x-hwp",
    (OLE_SIGNATURE,),
    ole_markers=("FileHeader".encode("utf-16-le"), b"HWP Document File"),
)
HWPX = FileKind(
    "HWPX",
    (".hwpx",),
    "application/hwp+zip",
    (ZIP_SIGNATURE,),
    zip_members=("mimetype",),
    zip_mimetype=b"application/hwp+zip",
)
XLSX = FileKind(
    "XLSX",
    (".xlsx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (ZIP_SIGNATURE,),
    zip_members=("[Content_Types].xml", "xl/workbook.xml"),
)
DOCX = FileKind(
    "DOCX",
    (".docx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (ZIP_SIGNATURE,),
    zip_members=("[Content_Types].xml", "word/document.xml"),
)
CSV = FileKind("CSV", (".csv",), "text/csv", is_text=True)

# What each upload field accepts.
DOCUMENT_KINDS = (PDF, PNG, JPEG, HWP, HWPX, XLSX, DOCX)  # evidence, mentoring attachments
PDF_KINDS = (PDF,)  # signed MOU documents
TABLE_KINDS = (CSV, XLSX)  # imports
ALL_KINDS = (PDF, PNG, JPEG, HWP, HWPX, XLSX, DOCX, CSV)


def kind_for_name(name: str, kinds=ALL_KINDS) -> FileKind | None:
    """The kind among `kinds` that a file name's extension stands for (None if none)."""
    suffix = PurePosixPath((name or "").replace("\\", "/")).suffix.lower()
    return next((kind for kind in kinds if suffix in kind.extensions), None)


def validate_upload(upload, *, kinds, max_bytes: int = MAX_UPLOAD_BYTES) -> FileKind:
    """The kind of `upload` (its extension on the allow-list `kinds`, its content matching, at
    most `max_bytes`); a ValidationError with a translated message otherwise."""
    kind = kind_for_name(upload.name, kinds)
    if kind is None:
        raise ValidationError(
            _("Upload one of these file types: %(types)s.")
            % {"types": ", ".join(k.label for k in kinds)},
            code="type",
        )
    if _size(upload) > max_bytes:
        raise ValidationError(
            _("The file is larger than %(max)d MB.") % {"max": max_bytes // MB}, code="size"
        )
    try:
        _check_content(upload, kind)
    finally:
        upload.seek(0)
    return kind


def _size(upload) -> int:
    if getattr(upload, "size", None) is not None:
        return upload.size
    upload.seek(0, 2)
    return upload.tell()


def _not_this_kind(kind: FileKind) -> ValidationError:
    return ValidationError(
        _("This file's content is not a valid %(type)s file.") % {"type": kind.label},
        code="contents",
    )


def _check_content(upload, kind: FileKind) -> None:
    upload.seek(0)
    if kind.is_text:
        head = upload.read(TEXT_SNIFF_BYTES)
        if b"\x00" in head or head.startswith(BINARY_SIGNATURES):
            raise _not_this_kind(kind)
        return
    head = upload.read(16)
    if not any(head.startswith(signature) for signature in kind.signatures):
        raise _not_this_kind(kind)
    if kind.ole_markers and not _contains_all(upload, kind.ole_markers):
        raise _not_this_kind(kind)
    if kind.zip_members:
        _check_zip(upload, kind)


def _contains_all(upload, markers: tuple[bytes, ...]) -> bool:
    """Whether every marker occurs in the file, read in chunks (a marker may span two)."""
    upload.seek(0)
    missing = set(markers)
    overlap = max(len(marker) for marker in markers) - 1
    tail = b""
    while missing and (chunk := upload.read(SCAN_CHUNK_BYTES)):
        window = tail + chunk
        missing = {marker for marker in missing if marker not in window}
        tail = window[-overlap:]
    return not missing


def _check_zip(upload, kind: FileKind) -> None:
    """The package's directory only: member names, declared sizes and compression ratios.

    Nothing is extracted here. Python's zipfile (which openpyxl uses) stops reading a member at
    its declared size, so a member lying about its size cannot unpack to more later either.
    """
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            members = package.infolist()
            unpacked = sum(member.file_size for member in members)
            if len(members) > MAX_ZIP_MEMBERS or unpacked > MAX_UNPACKED_BYTES:
                raise ValidationError(
                    _("This %(type)s file unpacks to more than %(max)d MB.")
                    % {"type": kind.label, "max": MAX_UNPACKED_BYTES // MB},
                    code="unpacked_size",
                )
            for member in members:
                if (
                    member.file_size > RATIO_CHECKED_FROM_BYTES
                    and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
                ):
                    raise ValidationError(
                        _(
                            "This %(type)s file is compressed implausibly well, as a ZIP bomb "
                            "is; it is refused."
                        )
                        % {"type": kind.label},
                        code="compression_ratio",
                    )
            names = {member.filename for member in members}
            if not all(name in names for name in kind.zip_members):
                raise _not_this_kind(kind)
            if kind.zip_mimetype:
                info = package.getinfo("mimetype")
                if info.file_size > 2 * len(kind.zip_mimetype):
                    raise _not_this_kind(kind)
                with package.open(info) as member:
                    if member.read().strip() != kind.zip_mimetype:
                        raise _not_this_kind(kind)
    except (
        zipfile.BadZipFile,
        OSError,
        EOFError,
        KeyError,
        RuntimeError,  # an encrypted member
        NotImplementedError,  # an unsupported compression method
        ValueError,
        zlib.error,
    ) as error:
        raise _not_this_kind(kind) from error


def display_name(name: str, kind: FileKind, *, default: str = "file") -> str:
    """The uploader's file name as downloads offer it again: no folder part, NFC (Hangul from
    a Mac arrives decomposed), printable characters only, a stem of at most 150 characters and
    the checked extension in lower case. It is kept in the database, never on disk."""
    base = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    base = "".join(ch for ch in base if ch.isprintable())
    suffix = PurePosixPath(base).suffix
    if suffix.lower() in kind.extensions:
        base, suffix = base[: -len(suffix)], suffix.lower()
    else:
        suffix = kind.extensions[0]
    stem = base.strip().strip(".").strip()[:150] or default
    return f"{stem}{suffix}"


def random_name(folder: str, filename: str = "") -> str:
    """`folder/<32 random hex digits><extension>`: the uploader's name never reaches the disk;
    only the extension of `filename` is kept, when it is one the CRM accepts."""
    kind = kind_for_name(filename)
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower() if kind else ""
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


class UploadField(forms.FileField):
    """A file field checked by `validate_upload`: every upload form of the CRM uses this one."""

    def __init__(self, *, kinds, max_bytes: int = MAX_UPLOAD_BYTES, **kwargs):
        self.kinds = tuple(kinds)
        self.max_bytes = max_bytes
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = ",".join(ext for kind in self.kinds for ext in kind.extensions)
        return attrs

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            validate_upload(value, kinds=self.kinds, max_bytes=self.max_bytes)
        return value
