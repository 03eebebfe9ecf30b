"""Session attachments: which files are accepted, checked by their first bytes, not their name."""

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # HWP 5.0 is an OLE compound file
ZIP_SIGNATURE = b"PK\x03\x04"  # XLSX and HWPX are ZIP packages


@dataclass(frozen=True)
class AttachmentKind:
    extension: str
    content_type: str
    signatures: tuple[bytes, ...]
    zip_member: str = ""  # a ZIP package must hold this member to be what its name says
    zip_mimetype: bytes = b""  # ...and, when given, the member must start with these bytes


KINDS = {
    kind.extension: kind
    for kind in [
        AttachmentKind(".pdf", "application/pdf", (b"%PDF-",)),
        AttachmentKind(".png", "image/png", (b"\x89PNG\r\n\x1a\n",)),
        AttachmentKind(".jpg", "image/jpeg", (b"\xff\xd8\xff",)),
        AttachmentKind(".jpeg", "image/jpeg", (b"\xff\xd8\xff",)),
        AttachmentKind(".hwp", "application/x-hwp", (OLE_SIGNATURE,)),
        AttachmentKind(
            ".hwpx", "application/hwp+zip", (ZIP_SIGNATURE,), "mimetype", b"application/hwp+zip"
        ),
        AttachmentKind(
            ".xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (ZIP_SIGNATURE,),
            "xl/workbook.xml",
        ),
    ]
}


def attachment_kind(name: str) -> AttachmentKind | None:
    """The accepted kind a stored or uploaded file name stands for (None if not accepted)."""
    return KINDS.get(PurePath(name or "").suffix.lower())


def validate_attachment(upload) -> AttachmentKind:
    """The kind of an uploaded file, or a ValidationError saying what is wrong with it."""
    kind = attachment_kind(upload.name)
    if kind is None:
        raise ValidationError(
            _("Attach a PDF, an image (PNG or JPEG), an HWP or an XLSX file."), code="type"
        )
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."), code="size")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in kind.signatures):
        raise ValidationError(
            _("The file's contents do not match its %(extension)s extension.")
            % {"extension": kind.extension},
            code="contents",
        )
    if kind.zip_member and not _zip_holds(upload, kind):
        raise ValidationError(
            _("The file's contents do not match its %(extension)s extension.")
            % {"extension": kind.extension},
            code="contents",
        )
    return kind


def _zip_holds(upload, kind: AttachmentKind) -> bool:
    """Whether the ZIP package has the member its kind needs; reads the directory, not the data
    (except a few bytes of a `mimetype` member)."""
    try:
        with zipfile.ZipFile(upload) as package:
            if kind.zip_member not in package.namelist():
                return False
            if kind.zip_mimetype:
                with package.open(kind.zip_member) as member:
                    return member.read(len(kind.zip_mimetype)) == kind.zip_mimetype
            return True
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, zlib.error):
        return False
    finally:
        upload.seek(0)


def display_name(name: str, kind: AttachmentKind) -> str:
    """The uploaded name without any folder part, kept short, ending in the checked extension."""
    stem = PurePath(name.replace("\\", "/")).stem.strip()[:150] or "attachment"
    return f"{stem}{kind.extension}"
