"""EXPLAIN with some of the planner's ways ruled out.

At the few rows of a test database a sequential scan (or a sort, or a plain index scan) costs
less than the index a page relies on at 100,000 rows; ruling those out shows what the indexes
CAN serve.
"""

from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def planner_without(*methods):
    """A cursor whose planner may not use ``methods`` (``enable_<method> = off``), until the
    block ends: its savepoint is rolled back, and the settings with it. Left on to the end of
    the test's transaction, they reached the deferred checks of its teardown, which then ran
    for one to two and a half minutes with every way of reading a table but one ruled out."""
    with transaction.atomic(), connection.cursor() as cursor:
        for method in methods:
            cursor.execute(f"SET LOCAL enable_{method} = off")
        yield cursor
        transaction.set_rollback(True)
