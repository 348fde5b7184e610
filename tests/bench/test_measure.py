"""The bench's own arithmetic (``innovation.bench.measure``)."""

from innovation.bench.measure import percentile


def test_the_95th_percentile_of_twenty_times_is_not_the_slowest():
    times = list(range(1, 21))  # 1 … 20 ms
    assert percentile(times, 0.95) == 19.05
    assert percentile(times, 0.50) == 10.5
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([3, 1, 2], 0.5) == 2


def test_the_database_caches_own_statements_are_told_apart(client, db, settings):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from innovation.bench.measure import cache_statements

    assert settings.CACHES["default"]["BACKEND"].endswith("db.DatabaseCache")
    table = settings.CACHES["default"]["LOCATION"]
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("meetings:index")).status_code == 200  # read, made, kept
    sqls = [query["sql"] for query in queries.captured_queries]
    own = cache_statements(queries.captured_queries)
    touching = [sql for sql in sqls if table in sql]
    assert len(touching) >= 2  # the read of the entry and its write
    assert own == len(touching) + sqls.count("BEGIN") + sqls.count("COMMIT")
    synthetic = [{"sql": sql} for sql in ["SELECT 1", "BEGIN", "UPDATE x", "COMMIT"]]
    assert cache_statements(synthetic) == 0  # a transaction of the page's own
