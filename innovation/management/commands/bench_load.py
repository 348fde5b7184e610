"""Issue 12, point 8: 60 s at 50 connections of mixed pages and staff submissions against
gunicorn on the bench database, a SIGHUP half-way, every acknowledged submission stored once
(``innovation/bench/load.py``). Results go to ``bench/results.*``."""

from django.core.management.base import BaseCommand

from innovation.bench import load, measure
from innovation.management.commands.bench_data import require_bench_database


class Command(BaseCommand):
    help = "Mixed load with a SIGHUP in the middle (make bench)."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument("--connections", type=int, default=50)
        parser.add_argument("--submitters", type=int, default=10)

    def handle(self, *args, **options):
        require_bench_database()
        result = load.mixed_load(
            options["seconds"],
            options["connections"],
            options["submitters"],
            log=self.stdout.write,
        )
        # The submitted ideas are removed again: the dataset stays as built.
        load.cleanup_load_ideas()
        measure.save_results({"load": result})
        for key, value in result.items():
            if key != "pages":
                self.stdout.write(f"{key}: {value}")
