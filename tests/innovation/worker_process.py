"""A task worker for ``test_worker.py``: ``manage.py run_worker`` with a slow fake document.

Run as ``python -m tests.innovation.worker_process [run_worker options]`` with ``DATABASE_URL``
naming the test database and ``SAMSKAB_TEST_GATE`` a folder: the document ``tests.slow`` for
object N renders until the file ``open-N`` appears in that folder, so that a test can act while it
renders.
"""

import os
import sys
import time
from pathlib import Path

GATE = "SAMSKAB_TEST_GATE"
# run_export only checks that the result looks like a PDF.
PDF = b"%PDF-1.7\n%%EOF\n"


class Thing:
    def __init__(self, pk):
        self.pk = pk


class SlowBuilder:
    """Objects 1–9. While its gate is shut, 1 reports progress, the others render silently.
    When it opens, 3 fails, 4 reads the database (a dropped connection fails it), the others
    are done."""

    name = "tests.slow"
    label = "Slow document"

    def get_object(self, pk):
        from django.core.exceptions import ObjectDoesNotExist

        if not 1 <= int(pk) <= 9:
            raise ObjectDoesNotExist(pk)
        return Thing(int(pk))

    def audience_for(self, user, obj):
        from innovation.shared import permissions

        return permissions.PUBLIC

    def fingerprint(self, obj, audience, variant):
        return f"slow-{obj.pk}-{audience}-{variant}"

    def filename(self, obj, audience):
        return f"slow-{obj.pk}.pdf"

    def title(self, obj, audience):
        return f"Slow {obj.pk}"

    def build(self, obj, *, audience, variant, progress=None, notes=None):
        gate = Path(os.environ[GATE]) / f"open-{obj.pk}"
        # Inside the render: what the worker did before it (and any connection it opened
        # again meanwhile) is behind it.
        (gate.parent / f"waiting-{obj.pk}").touch()
        deadline = time.monotonic() + 120
        step = 0
        while not gate.exists():
            if time.monotonic() > deadline:
                raise RuntimeError("The test never opened the gate.")
            if obj.pk == 1 and progress is not None:
                step = min(step + 1, 99)
                progress(step, 100)
            time.sleep(0.05)
        if obj.pk == 3:
            raise RuntimeError("The renderer fell over.")
        if obj.pk == 4:
            from innovation.models import Export

            Export.objects.count()
        return PDF


def main(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.innovation.worker_settings")
    import django

    django.setup()
    from django.core.management import call_command

    from innovation.shared import exports

    exports.DOCUMENTS.builders()[SlowBuilder.name] = SlowBuilder()
    call_command("run_worker", *argv)


if __name__ == "__main__":
    main(sys.argv[1:])
