"""The bench's own arithmetic (``innovation.bench.measure``)."""

from innovation.bench.measure import percentile


def test_the_95th_percentile_of_twenty_times_is_not_the_slowest():
    times = list(range(1, 21))  # 1 … 20 ms
    assert percentile(times, 0.95) == 19.05
    assert percentile(times, 0.50) == 10.5
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([3, 1, 2], 0.5) == 2
