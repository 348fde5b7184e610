"""What ``make bench`` measures on the scale dataset, and the results file it writes.

* pages: server time (p50/p95) and queries of every page of issue 12, in-process (Django's test
  client, ``CaptureQueriesContext``, DEBUG off), each against its target;
* plans: ``EXPLAIN (ANALYZE, BUFFERS)`` of the slowest query of the search, browse and deep page,
  and whether it used an index;
* throughput: requests per second under gunicorn (2 workers) of the meeting page, the meetings
  list, the catalogue and search, beside a trivial view, as ratios (wrk);
* load and scale-out (``innovation/bench/load.py``) add their own sections.

``bench/results.json`` holds every section; ``bench/results.md`` is written from it.
"""

import datetime
import functools
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse

from catalogue.models import Idea
from innovation.bench import dataset
from innovation.models import Project
from meetings.models import AgendaItem, Meeting

RESULTS = Path(settings.BASE_DIR) / "bench"


@dataclass
class Page:
    name: str
    url: str
    user: str | None = None
    target_p95: float | None = None
    max_queries: int | None = None
    streamed: bool = False


def _member_meeting(state):
    return (
        Meeting.objects.filter(committee__memberships__user__username=dataset.MEMBER, state=state)
        .filter(committee__public_access="agenda")
        .order_by("starts_at")
        .first()
    )


def trivial_url() -> str:
    """``/healthz`` where the app has one, else ``/favicon.ico`` (a redirect through every
    middleware, no database)."""
    try:
        return reverse("healthz")
    except NoReverseMatch:
        return "/favicon.ico"


def pages() -> list[Page]:
    upcoming = _member_meeting(Meeting.State.PUBLISHED)
    approved = _member_meeting(Meeting.State.APPROVED)
    item = AgendaItem.objects.filter(meeting=approved, is_closed=False).order_by("number").first()
    project = Project.objects.filter(is_published=True).order_by("pk").first()
    hints = "?title=Digitale+fællesskaber+for+ældre&summary=borgerne+mødes+i+biblioteket"
    return [
        Page("catalogue search ?q=borgerne", "/idekatalog/?q=borgerne", None, 100, 12),
        Page(
            "catalogue search, two words",
            "/idekatalog/?q=digitale+f%C3%A6llesskaber",
            None,
            100,
            12,
        ),
        Page("similar-idea hints", reverse("catalogue:similar") + hints, dataset.STAFF, 50, 12),
        Page("site search ?q=borgerne", reverse("search:index") + "?q=borgerne", None, 100, 12),
        Page(
            "site search, a rare word ?q=vandløb",
            reverse("search:index") + "?q=vandl%C3%B8b",
            None,
            100,
            12,
        ),
        Page(
            "site search, two words (member)",
            reverse("search:index") + "?q=digitale+f%C3%A6llesskaber",
            dataset.MEMBER,
            100,
            12,
        ),
        Page(
            "site search, items of a year (secretariat)",
            reverse("search:index") + "?q=borgerne&type=item&year=2024",
            dataset.SECRETARIAT,
            100,
            12,
        ),
        Page("catalogue browse", "/idekatalog/", None, 50, 12),
        Page("catalogue page 500", "/idekatalog/?page=500", None, 50, 12),
        Page("actor matrix", reverse("catalogue:matrix"), None, 50, 12),
        Page("meetings list", reverse("meetings:index"), None, 50, 12),
        Page("item page (member)", item.get_absolute_url(), dataset.MEMBER, 50, 12),
        Page("meeting page (member)", upcoming.get_absolute_url(), dataset.MEMBER, 50, 12),
        Page("meeting page (anonymous)", upcoming.get_absolute_url(), None, 50, 12),
        Page("project portfolio", reverse("projects"), None, 50, 12),
        Page("project page", project.get_absolute_url(), None, 50, 12),
        Page("trivial view", trivial_url(), None, None, None),
        Page("CSV export, everything", reverse("catalogue:export_csv"), None, None, None, True),
        *api_pages(),
    ]


def api_pages() -> list[Page]:
    """The public API's lists (a page of 50 from the start, and one near the end by its
    cursor) and the open data downloads (everything, streamed)."""
    last_idea = Idea.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_meeting = Meeting.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return [
        Page("API meetings", reverse("api:meetings"), None, 100, 8),
        Page(
            "API meetings, near the end",
            reverse("api:meetings") + f"?after={max(0, last_meeting - 500)}",
            None,
            100,
            8,
        ),
        Page("API ideas", reverse("api:ideas"), None, 50, 5),
        Page(
            "API ideas, near the end",
            reverse("api:ideas") + f"?after={max(0, last_idea - 500)}",
            None,
            50,
            5,
        ),
        Page("API projects", reverse("api:projects"), None, 50, 4),
        Page("API organizations", reverse("api:organizations"), None, 50, 3),
        Page("JSON Lines, meetings", reverse("api:data_meetings"), None, None, None, True),
        Page("JSON Lines, ideas", reverse("api:data_ideas"), None, None, None, True),
    ]


def percentile(values, fraction):
    """The ``fraction`` quantile of ``values``, linearly interpolated between the two nearest
    (NumPy's default; Python's ``statistics.quantiles`` with the inclusive method): of 20 times,
    the 95th percentile lies between the 19th and the 20th, not at the slowest."""
    if len(values) < 2:
        return values[0]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[round(fraction * 100) - 1]


def _client(username):
    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def _get(client, page):
    response = client.get(page.url)
    size = 0
    if response.streaming:
        for chunk in response.streaming_content:
            size += len(chunk)
    else:
        size = len(response.content)
    return response.status_code, size


def _within(page, p95_ms, queries):
    """Whether a p95 (as shown) and the number of the page's own queries meet its targets."""
    return p95_ms <= page.target_p95 and (page.max_queries is None or queries <= page.max_queries)


def measure_page(page, repeat, budget):
    """Times (ms) of up to ``repeat`` requests within about ``budget`` seconds (at least two),
    after one to warm up; the queries of the last one are captured (``CaptureQueriesContext``
    costs microseconds per query). Then as many first views: the page cache emptied before
    each (``first_*``), as after a write to what the page shows."""
    client = _client(page.user)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    count = 1  # the export of everything: once, no warm-up
    if not page.streamed:
        start = time.perf_counter()
        _get(client, page)  # warm-up
        first = time.perf_counter() - start
        count = repeat if first * repeat <= budget else max(2, int(budget / max(first, 1e-3)))
    times = _timed(client, page, count)
    queries = times.queries
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    p95 = percentile(times, 0.95)
    result = {
        "page": page.name,
        "url": page.url,
        "user": page.user or "anonymous",
        "status": times.status,
        "bytes": times.size,
        "n": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(p95, 1),
        "queries": len(queries),
        "cache_queries": cache_statements(queries),
        "target_p95_ms": page.target_p95,
        "max_queries": page.max_queries,
    }
    if page.streamed:
        result["peak_rss_growth_mb"] = round(max(0, rss_after - rss_before) / 1024, 1)
    else:
        cold = _timed(client, page, count, empty_cache=True)
        result.update(
            first_p50_ms=round(statistics.median(cold), 1),
            first_p95_ms=round(percentile(cold, 0.95), 1),
            first_queries=len(cold.queries),
            first_cache_queries=cache_statements(cold.queries),
        )
        redis = redis_caches()
        if redis:
            # The same first views with the cache in Redis (``SAMSKAB_CACHE_URL``): its reads
            # and writes are no SQL queries (the database cache's write is five).
            with override_settings(CACHES=redis):
                _get(client, page)
                in_redis = _timed(client, page, count, empty_cache=True)
            result.update(
                redis_first_p50_ms=round(statistics.median(in_redis), 1),
                redis_first_p95_ms=round(percentile(in_redis, 0.95), 1),
                redis_first_queries=len(in_redis.queries),
            )
    if page.target_p95 is not None:
        own = result["queries"] - result["cache_queries"]
        result["pass"] = _within(page, result["p95_ms"], own)
        own = result["first_queries"] - result["first_cache_queries"]
        result["first_pass"] = _within(page, result["first_p95_ms"], own)
        if "redis_first_p95_ms" in result:
            result["redis_first_pass"] = _within(
                page, result["redis_first_p95_ms"], result["redis_first_queries"]
            )
    result["_queries"] = (cold if not page.streamed else times).queries
    return result


@functools.cache
def redis_caches():
    """``CACHES`` with Redis at ``SAMSKAB_BENCH_REDIS_URL`` (a database of its own on the local
    server by default), or ``None`` where no Redis answers."""
    import redis

    url = os.environ.get("SAMSKAB_BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return None
    backend = "django.core.cache.backends.redis.RedisCache"
    return {"default": {"BACKEND": backend, "LOCATION": url, "KEY_PREFIX": "samskab-bench"}}


def cache_statements(queries):
    """How many of ``queries`` are the database cache's own (``CACHES`` in PostgreSQL): its reads
    and writes of the cache table, and the BEGIN and COMMIT of a write. They are what the cache
    costs, the same for every page (none with Redis); the page's own are the rest."""
    cache_settings = settings.CACHES["default"]
    if not cache_settings["BACKEND"].endswith("db.DatabaseCache"):
        return 0
    table = f'"{cache_settings["LOCATION"]}"'
    sqls = [query["sql"] for query in queries]
    own = [table in sql for sql in sqls]
    count = 0
    for index, sql in enumerate(sqls):
        after = index + 1 < len(sqls) and own[index + 1]
        before = index > 0 and own[index - 1]
        if own[index] or (sql == "BEGIN" and after) or (sql == "COMMIT" and before):
            count += 1
    return count


class _Times(list):
    status = size = None
    queries = ()


def _timed(client, page, count, empty_cache=False):
    times = _Times()
    for _ in range(count):
        if empty_cache:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            times.status, times.size = _get(client, page)
            times.append((time.perf_counter() - start) * 1000)
    times.queries = queries.captured_queries
    return times


PLANNED = {
    "site search ?q=borgerne": "site search",
    "site search, a rare word ?q=vandløb": "site search, a rare word",
    "catalogue search ?q=borgerne": "search",
    "catalogue browse": "browse",
    "catalogue page 500": "deep page",
}


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        text = "\n".join(row[0] for row in cursor.fetchall())
    plan = plan[0] if isinstance(plan, list) else plan
    nodes = []

    def walk(node):
        nodes.append(node)
        for child in node.get("Plans", []):
            walk(child)

    walk(plan["Plan"])
    indexes = sorted({node["Index Name"] for node in nodes if "Index Name" in node})
    seq_scans = sorted({node["Relation Name"] for node in nodes if node["Node Type"] == "Seq Scan"})
    return {
        "execution_ms": round(plan.get("Execution Time", 0), 1),
        "indexes_used": indexes,
        "uses_index": bool(indexes),
        "seq_scans": seq_scans,
        "text": text,
    }


def plans(results):
    """The slowest query of each key page, explained."""
    out = {}
    for result in results:
        key = PLANNED.get(result["page"])
        if not key:
            continue
        slowest = max(result["_queries"], key=lambda query: float(query["time"]))
        out[key] = {"query_ms": round(float(slowest["time"]) * 1000, 1), **explain(slowest["sql"])}
    return out


# Throughput under gunicorn --------------------------------------------------------------------


def bench_env():
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_DEBUG": "false",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "DJANGO_SECRET_KEY": env.get("DJANGO_SECRET_KEY")
            or "bench-only-secret-key-not-used-anywhere-else-0123456789abcdef",
        }
    )
    return env


@contextmanager
def gunicorn(port, workers=2, extra=(), env=None):
    """A gunicorn master serving the app on ``port`` (its ``gunicorn.conf.py`` applies when the
    project has one), waited for until it answers."""
    command = [
        str(Path(settings.BASE_DIR) / ".venv" / "bin" / "gunicorn"),
        "innovation.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--no-control-socket",
        "--log-level",
        "warning",
        *extra,
    ]
    process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env or bench_env())
    try:
        wait_until_up(port, trivial_url())
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_up(port, path, timeout=120):
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5)  # noqa: S310
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn on port {port} did not answer within {timeout} s")


def wrk(url, seconds, connections=8):
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "60s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rps,
        "requests": requests,
        "non_2xx_3xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


def _timed_get(url):
    import urllib.error
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    start = time.perf_counter()
    with suppress(urllib.error.HTTPError):
        urllib.request.build_opener(NoRedirect).open(url, timeout=600).read()
    return time.perf_counter() - start


def throughput(urls, seconds, port=8731, rounds=3):
    """wrk for ``seconds`` per page (longer for a slow page: four times one request, at most
    two minutes), after one request per worker to warm it up; ``rounds`` times, each round in
    another order, and the best of each page's runs kept: on a shared machine a run can lose a
    fifth of its rate to whatever else runs, and a ratio of two runs taken at different moments
    says as much about the moments as about the pages."""
    if not shutil.which("wrk"):
        return {"skipped": "wrk is not installed (make bench installs it from Debian)"}
    out = {"connections": 8, "seconds": seconds, "workers": 2, "rounds": rounds, "pages": {}}
    names = list(urls)
    with gunicorn(port):
        for round_ in range(rounds):
            for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
                url = f"http://127.0.0.1:{port}{urls[name]}"
                one = max(_timed_get(url), _timed_get(url))
                duration = max(seconds, min(120, round(4 * one)))
                run = wrk(url, duration)
                best = out["pages"].get(name)
                runs = [*(best or {}).get("runs", []), run["rps"]]
                if best is None or run["rps"] > best["rps"]:
                    best = {"url": urls[name], "duration_s": duration, **run}
                out["pages"][name] = {**best, "runs": runs}
    out["pages"] = {name: out["pages"][name] for name in names}
    trivial = out["pages"]["trivial view"]["rps"] or 1
    for page in out["pages"].values():
        page["ratio"] = round(page["rps"] / trivial, 4)
    return out


# Results ---------------------------------------------------------------------------------------


def machine():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cores": os.cpu_count(),
        "ram_gb": round(memory, 1),
        "postgresql": postgres,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }


def dataset_facts():
    from catalogue.models import Comment, Endorsement, Idea
    from meetings.models import ItemSection, RecommendationPoint

    counts = {
        "ideas": Idea.objects.count(),
        "tag_links": Idea.tags.through.objects.count(),
        "actor_links": Idea.actor_types.through.objects.count(),
        "endorsements": Endorsement.objects.count(),
        "comments": Comment.objects.count(),
        "meetings": Meeting.objects.count(),
        "agenda_items": AgendaItem.objects.count(),
        "sections": ItemSection.objects.count(),
        "recommendation_points": RecommendationPoint.objects.count(),
        "projects": Project.objects.count(),
    }
    return {"counts": counts, "build_seconds": dataset.build_seconds()}


def load_results():
    path = RESULTS / "results.json"
    return json.loads(path.read_text()) if path.exists() else {}


def save_results(update):
    RESULTS.mkdir(exist_ok=True)
    results = load_results()
    results.update(update)
    (RESULTS / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    (RESULTS / "results.md").write_text(markdown(results))
    return results


def _queries(count, cache_own):
    return f"{count} ({cache_own})" if cache_own else str(count)


def _ms(value):
    return "–" if value is None else f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def markdown(results):
    lines = ["# Samskab at scale: bench results", ""]
    facts = results.get("machine", {})
    if facts:
        lines += [
            f"Machine: {facts['cores']} cores, {facts['ram_gb']} GB RAM, PostgreSQL "
            f"{facts['postgresql']}, Python {facts['python']}; {facts['date']}. Load average "
            f"(1, 5, 15 min) at the start {facts['load_average']}, at the end of the in-process "
            f"pages {facts.get('load_average_end', '?')}: the machine is shared, so the timings "
            "are of a busy machine where that is above 2.",
            "",
        ]
    data = results.get("dataset")
    if data:
        counts = ", ".join(
            f"{key.replace('_', ' ')} {value:,}" for key, value in data["counts"].items()
        )
        built = f" Built in {data['build_seconds']} s." if data.get("build_seconds") else ""
        note = f" {data['note']}" if data.get("note") else ""
        lines += [f"Dataset: {counts}.{built}{note}", ""]
    if results.get("pages"):
        lines += [
            "## Pages (in-process, DEBUG off)",
            "",
            "Each page twice: repeated (what the page cache keeps, as most readers get it) and "
            "as a first view (the page cache emptied before each request, as after a write to "
            "what the page shows). The first views once more with the cache in Redis "
            "(`SAMSKAB_CACHE_URL`), where a Redis server answers. Queries: every SQL statement, "
            "and in brackets how many of them are the database cache's own (its reads and "
            "writes of the cache table, the same for every page; none with Redis): the target "
            "counts the page's own, the rest.",
            "",
            "| page | p50 ms | p95 ms | queries | first view p50 / p95 ms | queries "
            "| first view, Redis cache: p50 / p95 ms | queries | n "
            "| target p95 | pass (repeated / first view / first view, Redis) |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for page in results["pages"]:
            target = (
                f"{page['target_p95_ms']:g} ms, ≤ {page['max_queries']} queries"
                if page.get("target_p95_ms")
                else "streamed, bounded memory"
                if "peak_rss_growth_mb" in page
                else "–"
            )
            verdicts = {True: "pass", False: "FAIL"}
            verdict = verdicts.get(page.get("pass"), "–")
            if "first_pass" in page:
                verdict += " / " + verdicts[page["first_pass"]]
            if "redis_first_pass" in page:
                verdict += " / " + verdicts[page["redis_first_pass"]]
            first = first_queries = "–"
            if "first_p95_ms" in page:
                first = f"{_ms(page['first_p50_ms'])} / {_ms(page['first_p95_ms'])}"
                first_queries = _queries(page["first_queries"], page.get("first_cache_queries"))
            redis = redis_queries = "–"
            if "redis_first_p95_ms" in page:
                redis = f"{_ms(page['redis_first_p50_ms'])} / {_ms(page['redis_first_p95_ms'])}"
                redis_queries = page["redis_first_queries"]
            if "peak_rss_growth_mb" in page:
                verdict = (
                    f"{page['bytes'] / 2**20:.0f} MB sent, RSS +{page['peak_rss_growth_mb']} MB"
                )
            lines.append(
                f"| {page['page']} | {_ms(page['p50_ms'])} | {_ms(page['p95_ms'])} "
                f"| {_queries(page['queries'], page.get('cache_queries'))} | {first} "
                f"| {first_queries} | {redis} | {redis_queries} "
                f"| {page['n']} | {target} "
                f"| {verdict} |"
            )
        lines.append("")
    if results.get("plans"):
        lines += ["## Query plans (EXPLAIN ANALYZE, slowest query of the page)", ""]
        lines += ["| page | query ms | index used | seq scans |", "|---|---|---|---|"]
        for name, plan in results["plans"].items():
            indexes = ", ".join(plan["indexes_used"]) or "none"
            scans = ", ".join(plan["seq_scans"]) or "–"
            lines.append(f"| {name} | {_ms(plan['execution_ms'])} | {indexes} | {scans} |")
        lines += ["", "Full plans: `bench/plans/*.txt`.", ""]
    rate = results.get("throughput")
    if rate and "pages" in rate:
        lines += [
            f"## Throughput under gunicorn ({rate['workers']} workers, {rate['connections']} "
            f"connections, at least {rate['seconds']} s each, wrk, the best of "
            f"{rate.get('rounds', 1)} rounds)",
            "",
            "| page | requests/s | × trivial view | requests | errors | every round's requests/s |",
            "|---|---|---|---|---|---|",
        ]
        for name, page in rate["pages"].items():
            errors = f"{page['non_2xx_3xx']} {page['socket_errors']}".strip()
            runs = ", ".join(f"{value:.0f}" for value in page.get("runs", [page["rps"]]))
            lines.append(
                f"| {name} | {page['rps']:.1f} | {page['ratio']:.3f} | {page['requests']} "
                f"| {errors} | {runs} |"
            )
        lines += ["", "Target: meeting page ≥ 0.5 × the trivial view.", ""]
    load = results.get("load")
    if load:
        lines += ["## Load: mixed pages and staff submissions under gunicorn", ""]
        lines += [
            f"- {key.replace('_', ' ')}: {value}" for key, value in load.items() if key != "pages"
        ]
        if load.get("pages"):
            lines += ["", "| request | n | errors | p50 ms | p95 ms |", "|---|---|---|---|---|"]
            for name, page in load["pages"].items():
                lines.append(
                    f"| {name} | {page['n']} | {page['errors']} | {_ms(page['p50_ms'])} | "
                    f"{_ms(page['p95_ms'])} |"
                )
        lines.append("")
    scale_out = results.get("scale_out")
    if scale_out:
        lines += ["## Scale-out: two gunicorn instances, two task workers, one PostgreSQL", ""]
        lines += [f"- {key.replace('_', ' ')}: {value}" for key, value in scale_out.items()]
        lines.append("")
    return "\n".join(lines)


def run_pages(repeat=20, budget=30.0, log=print):
    from innovation.wsgi import ready_to_fork

    ready_to_fork()  # the pages measured in the state gunicorn's workers start in
    results = []
    for page in pages():
        result = measure_page(page, repeat, budget)
        log(
            f"{page.name:32} p50 {result['p50_ms']:9.1f} ms  p95 {result['p95_ms']:9.1f} ms  "
            f"{result['queries']:3} queries  n={result['n']}  status {result['status']}"
        )
        results.append(result)
    found = plans(results)
    (RESULTS / "plans").mkdir(parents=True, exist_ok=True)
    for name, plan in found.items():
        (RESULTS / "plans" / f"{name.replace(' ', '-')}.txt").write_text(plan.pop("text") + "\n")
    for result in results:
        result.pop("_queries")
    return results, found


def throughput_urls():
    listed = {page.name: page for page in pages()}
    return {
        "trivial view": listed["trivial view"].url,
        "meeting page (anonymous)": listed["meeting page (anonymous)"].url,
        "meetings list": listed["meetings list"].url,
        "catalogue browse": listed["catalogue browse"].url,
        "catalogue search ?q=borgerne": listed["catalogue search ?q=borgerne"].url,
        "site search ?q=borgerne": listed["site search ?q=borgerne"].url,
    }
