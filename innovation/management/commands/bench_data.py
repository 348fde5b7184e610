"""Build the scale dataset of ``make bench`` once (``innovation/bench/dataset.py``).

Runs only against the bench database: the database ``DATABASE_URL`` names must be
``SAMSKAB_BENCH_DATABASE`` (default ``samskab_bench``), never the development or test database.
A complete dataset of the same scale is reused; ``--force`` builds it again. Afterwards the
commands named in ``SAMSKAB_BENCH_RECOUNT`` (comma-separated, e.g. stored counters' backfills)
are run when they exist.
"""

import os
import time

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from innovation.bench import dataset


def bench_database_name() -> str:
    return os.environ.get("SAMSKAB_BENCH_DATABASE", "samskab_bench")


def require_bench_database():
    name = connection.settings_dict["NAME"]
    test_name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if name != bench_database_name() or name == test_name:
        raise CommandError(
            f"The bench runs only on its own database ({bench_database_name()}), not on "
            f"{name}: set DATABASE_URL to it (make bench does)."
        )


class Command(BaseCommand):
    help = "Build the scale dataset in the bench database (once; reused when complete)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Build again even if complete.")
        parser.add_argument("--ideas", type=int, default=dataset.Scale.ideas)
        parser.add_argument("--meetings", type=int, default=dataset.Scale.meetings)
        parser.add_argument("--projects", type=int, default=dataset.Scale.projects)
        parser.add_argument("--users", type=int, default=dataset.Scale.users)
        parser.add_argument("--committees", type=int, default=dataset.Scale.committees)

    def handle(self, *args, **options):
        require_bench_database()
        scale = dataset.Scale(
            ideas=options["ideas"],
            meetings=options["meetings"],
            projects=options["projects"],
            users=options["users"],
            committees=options["committees"],
        )
        if dataset.is_built(scale) and not options["force"]:
            self.stdout.write(f"The bench dataset is complete ({scale}); reused.")
            search_documents(self.stdout)
            vacuum(self.stdout)
            return
        start = time.perf_counter()

        def log(message):
            self.stdout.write(f"{time.perf_counter() - start:7.1f} s  {message}")

        dataset.Builder(scale, log=log).build()
        recount(self.stdout)
        search_documents(self.stdout)
        seconds = time.perf_counter() - start
        dataset.record_build_time(seconds)
        self.stdout.write(f"Built the bench dataset in {seconds:.0f} s.")
        vacuum(self.stdout)


def vacuum(stdout):
    """What autovacuum does on a production server, once before the measurements: the
    visibility map (so that index-only scans read no table rows: the deep catalogue page's
    12,996 heap fetches become 0) and the planner's statistics. This machine's PostgreSQL runs
    with autovacuum off, and the load run adds rows every time."""
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    stdout.write(f"VACUUM (ANALYZE) in {time.perf_counter() - start:.0f} s.")


def recount(stdout):
    """Backfills that other parts of the app document (stored counters)."""
    known = get_commands()
    for name in filter(None, os.environ.get("SAMSKAB_BENCH_RECOUNT", "").split(",")):
        if name.strip() in known:
            stdout.write(f"Running {name.strip()}...")
            call_command(name.strip())


def search_documents(stdout):
    """The site search's documents of the rows copied in with the triggers off: only those
    missing are written (``manage.py search_index``), so a reused dataset gets them once."""
    stdout.write("Writing the missing search documents...")
    call_command("search_index", stdout=stdout)
