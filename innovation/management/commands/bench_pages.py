"""Measure the pages of issue 12 on the bench dataset and write ``bench/results.*``.

In-process p50/p95 and query counts of every page (DEBUG off), EXPLAIN of the key queries, and
requests per second under gunicorn beside a trivial view (``innovation/bench/measure.py``).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from innovation.bench import dataset, measure
from innovation.management.commands.bench_data import require_bench_database


class Command(BaseCommand):
    help = "Measure the pages on the bench dataset (make bench)."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20, help="Requests per page.")
        parser.add_argument(
            "--budget", type=float, default=30, help="Seconds per page at most (at least 3 runs)."
        )
        parser.add_argument("--seconds", type=int, default=10, help="wrk seconds per page.")
        parser.add_argument(
            "--only", choices=["pages", "throughput"], help="One part only (default: both)."
        )

    def handle(self, *args, **options):
        require_bench_database()
        if settings.DEBUG:
            raise CommandError("Measure with DEBUG off (DJANGO_DEBUG=false).")
        if not dataset.database_mark().startswith(dataset.MARK):
            raise CommandError("No bench dataset here: run manage.py bench_data first.")
        if options["only"] != "throughput":
            update = {"machine": measure.machine(), "dataset": measure.dataset_facts()}
            pages, plans = measure.run_pages(
                options["repeat"], options["budget"], log=self.stdout.write
            )
            update.update(pages=pages, plans=plans)
            update["machine"]["load_average_end"] = measure.machine()["load_average"]
            measure.save_results(update)
        if options["only"] != "pages":
            self.stdout.write("Throughput under gunicorn...")
            rate = measure.throughput(measure.throughput_urls(), options["seconds"])
            measure.save_results({"throughput": rate})
            for name, page in rate.get("pages", {}).items():
                self.stdout.write(f"{name:32} {page['rps']:8.1f} rps  × {page['ratio']:.3f}")
        self.stdout.write(f"Results: {measure.RESULTS / 'results.md'}")
