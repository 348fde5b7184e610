"""Checks that an uploaded attachment is what its name says, by its content."""

from pathlib import Path

import puremagic
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Extension -> extensions whose content signature is acceptable for it.
ALLOWED = {
    ".pdf": {".pdf"},
    ".docx": {".docx"},
    ".xlsx": {".xlsx"},
    ".png": {".png"},
    ".jpg": {".jpg", ".jpeg", ".jfif"},
    ".jpeg": {".jpg", ".jpeg", ".jfif"},
}


def check_file_content(file):
    """Raise ValidationError unless the file's bytes match its (allowed) extension."""
    extension = Path(file.name).suffix.lower()
    if extension not in ALLOWED:
        raise ValidationError(
            _("Only PDF, DOCX, XLSX, PNG and JPEG files can be attached."), code="file_type"
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(64 * 1024)
    finally:
        file.seek(position)
    try:
        found = {match.extension.lower() for match in puremagic.magic_string(head)}
    except (puremagic.PureError, ValueError):
        found = set()
    if not found & ALLOWED[extension]:
        raise ValidationError(
            _("The file's content is not a %(type)s file.")
            % {"type": extension.lstrip(".").upper()},
            code="file_content",
        )
