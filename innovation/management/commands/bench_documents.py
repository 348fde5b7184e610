"""Time the meeting pack against a bare WeasyPrint render of the same HTML (``make bench``).

Builds a throw-away meeting with N items and a PDF attachment on every fifth item (rolled
back at the end, cache in a temporary folder), then measures in one run:

* bare: WeasyPrint as anyone would call it, on the pack's own HTML (same fonts, stylesheet and
  PDF variant), attachments left out;
* pack: the whole document: HTML from the database, the one WeasyPrint pass, the attachment
  pages laid in;
* re-download: asking for the unchanged pack again (``request_export``: the HTML rendered and
  hashed, the finished export found, nothing rendered).

Targets (issue 9): pack ≤ 1.1 × bare, re-download ≤ 50 ms. Each step runs ``--repeat`` times
(default 3); the targets are judged on the best run of each step, the least noisy estimate on a
shared machine, and the medians are printed too.
"""

import datetime
import statistics
import tempfile
import time
from contextlib import contextmanager

import weasyprint
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone, translation

from innovation.models import Export
from innovation.shared import exports, layout, pdf, permissions

PARAGRAPH = (
    "Opgaveudvalget drøfter, hvordan velfærdsteknologi, digitale løsninger og samskabelse "
    "med borgere, foreninger og virksomheder kan styrke kvaliteten i ældreplejen, på skole- "
    "og dagtilbudsområdet og i beskæftigelsesindsatsen. Forvaltningen har samlet erfaringer "
    "fra andre kommuner og peger på tre spor, som udvalget bedes tage stilling til. "
)


class Rollback(Exception):
    pass


@contextmanager
def timed(results, name):
    start = time.perf_counter()
    yield
    results.setdefault(name, []).append(time.perf_counter() - start)


class Command(BaseCommand):
    help = "Benchmark the meeting pack (20 and 100 items by default)."

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, action="append", help="Items in the pack.")
        parser.add_argument("--repeat", type=int, default=3, help="Repeat each measurement.")

    def handle(self, *args, items=None, repeat=1, **options):
        translation.activate("da")
        for count in items or [20, 100]:
            with tempfile.TemporaryDirectory(prefix="samskab-bench-") as media:
                settings.MEDIA_ROOT = media
                try:
                    with transaction.atomic():
                        self.bench(count, repeat)
                        raise Rollback
                except Rollback:
                    pass

    def bench(self, count, repeat):
        from meetings.documents import BUILDERS

        builder = BUILDERS["meetings.pack"]
        meeting = make_meeting(count)
        user = get_user_model().objects.create(
            username=f"bench-{time.time_ns()}", is_superuser=True
        )
        audience, variant = permissions.MEMBERS, pdf.ACCESSIBLE
        results, pages = {}, 0
        for _ in range(repeat):
            html = builder.prepare(meeting, audience).html
            with timed(results, "bare"):
                document = weasyprint.HTML(
                    string=html, base_url=pdf.BASE_URL, url_fetcher=layout.LocalFetcher()
                ).render()
                document.write_pdf(pdf_variant=variant)
            pages = len(document.pages)

            with timed(results, "pack"):
                data = builder.build(meeting, audience=audience, variant=variant)
            export = Export.objects.create(
                document=builder.name,
                object_id=meeting.pk,
                audience=audience,
                variant=variant,
                language="da",
                fingerprint=builder.fingerprint(meeting, audience, variant),
                filename="bench.pdf",
                title="Bench",
                requested_by=user,
            )
            path = pdf.store(exports.storage_key(export), data)
            Export.objects.filter(pk=export.pk).update(
                status=Export.Status.DONE,
                file_path=path.relative_to(pdf.cache_dir()).as_posix(),
            )

            with timed(results, "re-download"):
                again = exports.request_export(
                    user=user,
                    document=builder.name,
                    object_id=meeting.pk,
                    variant=variant,
                    language="da",
                )
            assert again.pk == export.pk, "the unchanged pack was not found"
            Export.objects.filter(pk=export.pk).delete()

        best = {name: min(values) for name, values in results.items()}
        middle = {name: statistics.median(values) for name, values in results.items()}
        ratio = best["pack"] / best["bare"]
        self.stdout.write(f"\nMeeting pack, {count} items, {pages} pages (best of {repeat}):")
        self.stdout.write(
            "  medians: " + ", ".join(f"{name} {value:.3f} s" for name, value in middle.items())
        )
        self.stdout.write(f"  bare WeasyPrint render   {best['bare']:8.2f} s")
        self.stdout.write(f"  pack                     {best['pack']:8.2f} s   {ratio:.2f} × bare")
        self.stdout.write(f"  unchanged re-download    {best['re-download'] * 1000:8.1f} ms")
        for label, ok in (
            ("pack ≤ 1.1 × bare", ratio <= 1.1),
            ("re-download ≤ 50 ms", best["re-download"] <= 0.05),
        ):
            self.stdout.write(f"  {'PASS' if ok else 'MISS'}  {label}")


ATTACHMENT = """<html lang="da"><body><h1>Bilag</h1><p>{text}</p><p>{text}</p></body></html>"""


def make_meeting(count):
    from meetings.models import (
        AgendaItem,
        Attachment,
        Committee,
        ItemSection,
        Meeting,
        RecommendationPoint,
    )

    committee = Committee.objects.create(
        name="Benchmarkudvalget", short_name="Bench", slug=f"bench-{time.time_ns()}"
    )
    meeting = Meeting.objects.create(
        committee=committee,
        number=1,
        title="Mødemappe til måling",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="Gentofte Rådhus",
        state=Meeting.State.PUBLISHED,
    )
    for number in range(1, count + 1):
        item = AgendaItem.objects.create(
            meeting=meeting,
            number=number,
            title=f"Punkt om velfærdsteknologi og samskabelse nr. {number}",
            is_closed=number % 10 == 0,
            recommendation_by="Tværgående Funktioner",
            recommendation_to="Benchmarkudvalget",
        )
        ItemSection.objects.bulk_create(
            [
                ItemSection(item=item, order=1, key="summary", heading="Resumé", text=PARAGRAPH),
                ItemSection(
                    item=item,
                    order=2,
                    key="background",
                    heading="Baggrund",
                    text="\n\n".join([PARAGRAPH * 2] * 3),
                ),
                ItemSection(item=item, order=3, key="recommendation", heading="Indstilling"),
                ItemSection(item=item, order=4, key="other", heading="Økonomi", text=PARAGRAPH),
            ]
        )
        RecommendationPoint.objects.bulk_create(
            RecommendationPoint(item=item, order=order, text=f"At udvalget godkender spor {order}.")
            for order in (1, 2, 3)
        )
        if number % 5 == 0:
            attachment = Attachment(item=item, order=1, title=f"Notat til punkt {number}")
            content = pdf.render(ATTACHMENT.format(text=PARAGRAPH * 4))
            attachment.file.save(f"notat-{number}.pdf", ContentFile(content), save=False)
            attachment.save()
    return meeting
