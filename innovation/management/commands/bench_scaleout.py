"""Issue 12, point 7: two gunicorn instances and two task workers against one PostgreSQL
(``innovation/bench/load.py``, ``scale_out``). Results go to ``bench/results.*``."""

from django.core.management.base import BaseCommand

from innovation.bench import load, measure
from innovation.management.commands.bench_data import require_bench_database


class Command(BaseCommand):
    help = "Show the app scaled out: two instances, two workers, one database (make bench)."

    def handle(self, *args, **options):
        require_bench_database()
        result = load.scale_out(log=self.stdout.write)
        measure.save_results({"scale_out": result})
        for key, value in result.items():
            self.stdout.write(f"{key}: {value}")
