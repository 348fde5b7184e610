"""Import one plain-text agenda item (dagsordenpunkt) into a meeting.

    manage.py import_agenda_item FILE [--meeting ID] [--title T] [--dry-run] [--json]

FILE is a text file (``-`` reads standard input) in UTF-8; Windows exports in cp1252 (or
latin-1) are accepted too. ``--json`` prints the parsed item and nothing else on stdout.
Without ``--meeting``, or with ``--dry-run``, nothing is written.
"""

import json
import sys
from pathlib import Path

import pghistory
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from meetings.actions import ActionError, create_item_from_parsed
from meetings.agenda_parser import ParsedItem, parse_agenda_item
from meetings.models import Meeting

ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")


def decode(data: bytes) -> str:
    """UTF-8 first; then the Windows code page; latin-1 accepts any byte."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any byte sequence")  # pragma: no cover


class _DryRun(Exception):
    """Raised inside the dry-run transaction to roll it back."""


class Command(BaseCommand):
    help = _(
        "Parse a plain-text agenda item and, with --meeting, create it in that meeting. "
        "FILE may be '-' for standard input."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help=_("Text file, or '-' for stdin."))
        parser.add_argument(
            "--meeting", type=int, metavar="ID", help=_("Create the item in this meeting (id).")
        )
        parser.add_argument("--title", help=_("The item's title (overrides a parsed title)."))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Parse and check, but write nothing.")
        )
        parser.add_argument(
            "--json", action="store_true", help=_("Print the parsed item as JSON on stdout.")
        )

    def handle(self, *args, **options):
        title, meeting, as_json = options["title"], options["meeting"], options["json"]
        text = self.read(options["file"])
        target = self.get_meeting(meeting) if meeting is not None else None
        parsed = parse_agenda_item(text, title=title)
        if as_json:
            self.stdout.write(dumps(parsed))
        else:
            self.write_summary(parsed)
        # With --json, stdout holds the JSON only: messages go to stderr.
        out = self.stderr if as_json else self.stdout
        if target is None:
            if not as_json:
                out.write(_("Nothing was written: give --meeting ID to create the item."))
            return
        try:
            # The history names the command: no user runs it.
            with transaction.atomic(), pghistory.context(command="import_agenda_item"):
                item = create_item_from_parsed(meeting=target, parsed=parsed, title=title)
                if options["dry_run"]:
                    raise _DryRun
        except _DryRun:
            out.write(
                _("Dry run: would create item %(number)s. %(title)s in %(meeting)s")
                % {"number": item.number, "title": item.title, "meeting": target}
            )
            out.write(_("Nothing was written."))
            return
        except ActionError as error:
            raise CommandError(str(error)) from error
        out.write(
            self.style.SUCCESS(
                _("Created item %(number)s. %(title)s in %(meeting)s")
                % {"number": item.number, "title": item.title, "meeting": target}
            )
        )

    def read(self, file: str) -> str:
        if file == "-":
            stream = getattr(sys.stdin, "buffer", None)
            return decode(stream.read()) if stream is not None else sys.stdin.read()
        path = Path(file)
        try:
            return decode(path.read_bytes())
        except FileNotFoundError as error:
            raise CommandError(_("File not found: %(file)s") % {"file": file}) from error
        except IsADirectoryError as error:
            raise CommandError(_("Not a file: %(file)s") % {"file": file}) from error
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from error

    def get_meeting(self, pk: int) -> Meeting:
        try:
            return Meeting.objects.select_related("committee").get(pk=pk)
        except Meeting.DoesNotExist as error:
            raise CommandError(_("No meeting with id %(id)s.") % {"id": pk}) from error

    def write_summary(self, parsed: ParsedItem) -> None:
        write = self.stdout.write
        write(_("Title: %(title)s") % {"title": parsed.title or _("(none)")})
        if parsed.closed:
            write(_("Closed item"))
        for section in parsed.sections:
            heading = section.heading or _("(text before the first heading)")
            line = _("%(heading)s [%(key)s]: %(count)s characters") % {
                "heading": heading,
                "key": section.key,
                "count": len(section.text),
            }
            write(f"  {line}")
        rec = parsed.recommendation
        if rec.by or rec.to or rec.points:
            write(
                _("Recommendation by %(by)s to %(to)s. Points: %(count)s")
                % {"by": rec.by or "–", "to": rec.to or "–", "count": len(rec.points)}
            )
        if parsed.decision:
            write(_("Decision: %(decision)s") % {"decision": parsed.decision})
        if parsed.attachments:
            write(_("Attachments: %(count)s") % {"count": len(parsed.attachments)})


def dumps(parsed: ParsedItem) -> str:
    return json.dumps(parsed.to_dict(), ensure_ascii=False, indent=2)
