"""Load and scale-out runs of ``make bench`` against gunicorn on the bench database.

``mixed_load``: N seconds at C connections (threads, each one request at a time) over a mix of
pages and staff idea submissions, a SIGHUP to the gunicorn master half-way; then every
acknowledged submission (a redirect after the POST) is looked up by its unique title and must be
stored exactly once.

``scale_out``: two gunicorn instances on two ports and two task workers
(``manage.py run_worker``) against one PostgreSQL: requests alternate between the instances, a
session made on A is used on B, and exports queued through A and B are made by the workers.
"""

import http.client
import random
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import close_old_connections
from django.test import Client

from catalogue.models import Idea, WelfareArea
from innovation.bench import dataset, measure
from innovation.shared.models import Export
from meetings.models import Meeting

SUMMARY = "Borgerne mødes på biblioteket om digitale fællesskaber."
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Session:
    """One HTTP client: its cookies, one connection per request (gunicorn's sync workers close
    them), no redirects followed."""

    def __init__(self, port, cookies=None):
        self.port = port
        self.cookies = dict(cookies or {})

    def request(self, method, path, body=None, timeout=60):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            body = urllib.parse.urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.getheader("Location", ""), content
        finally:
            connection.close()

    def csrf_token(self, path):
        status, _, content = self.request("GET", path)
        match = CSRF.search(content.decode())
        if status != 200 or not match:
            raise RuntimeError(f"No form at {path} (status {status})")
        return match.group(1)


def logged_in_cookies(username):
    """A session in the database for ``username`` (Django's test client logs in; the session
    is the database's, so every gunicorn worker and instance reads it)."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


def reader_paths():
    pages = {page.name: page.url for page in measure.pages()}
    idea = Idea.objects.filter(status="published").order_by("pk").first()
    return [
        ("meeting page", pages["meeting page (anonymous)"], 25),
        ("meetings list", pages["meetings list"], 10),
        ("item page", pages["item page (member)"], 15),
        ("idea page", idea.get_absolute_url(), 20),
        ("catalogue browse", pages["catalogue browse"], 10),
        ("project portfolio", pages["project portfolio"], 5),
        ("catalogue search", pages["catalogue search ?q=borgerne"], 2),
    ]


def mixed_load(seconds=60, connections=50, submitters=10, port=8751, log=print):
    run = uuid.uuid4().hex[:8]
    prefix = f"Belastningsprøve {run}"
    paths = reader_paths()
    names, urls, weights = zip(*paths, strict=True)
    submit_path = "/idekatalog/ny/"
    area = WelfareArea.objects.order_by("pk").first().pk
    staff = list(
        get_user_model()
        .objects.filter(groups__name="Medarbejder", username__startswith="bruger")
        .order_by("pk")
        .values_list("username", flat=True)[:submitters]
    )
    cookies = [logged_in_cookies(name) for name in staff]
    samples: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    error_examples: list[str] = []
    acknowledged: list[str] = []
    lock = threading.Lock()
    hup = {"at": None, "errors_after": 0}

    def record(kind, started, ok, detail=""):
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            samples.setdefault(kind, []).append(elapsed)
            if not ok:
                errors[kind] = errors.get(kind, 0) + 1
                if hup["at"] is not None:
                    hup["errors_after"] += 1
                if len(error_examples) < 10:
                    error_examples.append(f"{kind}: {detail}")

    extra = []
    if not (Path(settings.BASE_DIR) / "gunicorn.conf.py").exists():
        # Without the project's gunicorn.conf.py: a graceful timeout long enough for a request.
        extra = ["--graceful-timeout", "60", "--timeout", "120"]
    with measure.gunicorn(port, extra=extra) as master:
        sessions = []
        for n in range(connections):
            if n < len(cookies):
                session = Session(port, cookies[n])
                session.token = session.csrf_token(submit_path)
            else:
                session = Session(port)
            sessions.append(session)
        start = time.monotonic()
        deadline = start + seconds
        rng = random.Random(7)
        seeds = [rng.random() for _ in sessions]

        def worker(n, session):
            own = random.Random(seeds[n])
            count = 0
            while time.monotonic() < deadline:
                if hasattr(session, "token") and own.random() < 0.3:
                    count += 1
                    title = f"{prefix} {n}-{count}"
                    started = time.perf_counter()
                    try:
                        status, location, _ = session.request(
                            "POST",
                            submit_path,
                            {
                                "csrfmiddlewaretoken": session.token,
                                "title": title,
                                "summary": SUMMARY,
                                "welfare_area": area,
                                "save": "1",
                            },
                        )
                    except OSError as error:
                        record("submission", started, False, repr(error))
                        continue
                    ok = status == 302
                    record("submission", started, ok, f"{status} {location}")
                    if ok:
                        with lock:
                            acknowledged.append(title)
                else:
                    index = own.choices(range(len(urls)), weights)[0]
                    started = time.perf_counter()
                    try:
                        status, _, _ = session.request("GET", urls[index])
                    except OSError as error:
                        record(names[index], started, False, repr(error))
                        continue
                    record(names[index], started, status < 400, f"{status} {urls[index]}")

        threads = [
            threading.Thread(target=worker, args=(n, session), daemon=True)
            for n, session in enumerate(sessions)
        ]
        for thread in threads:
            thread.start()
        time.sleep(seconds / 2)
        hup_at = round(time.monotonic() - start, 1)
        hup["at"] = hup_at
        master.send_signal(signal.SIGHUP)
        log(f"SIGHUP sent to the gunicorn master at {hup_at} s")
        for thread in threads:
            thread.join(timeout=seconds + 120)
        elapsed = time.monotonic() - start
    close_old_connections()
    stored = {}
    for title in Idea.objects.filter(title__startswith=prefix).values_list("title", flat=True):
        stored[title] = stored.get(title, 0) + 1
    every = [value for values in samples.values() for value in values]
    acked = set(acknowledged)
    return {
        "seconds": seconds,
        "connections": connections,
        "staff_submitters": len(cookies),
        "gunicorn": "gunicorn.conf.py"
        if not extra
        else "command-line flags (--workers 2 --graceful-timeout 60 --timeout 120)",
        "requests": len(every),
        "requests_per_second": round(len(every) / elapsed, 1),
        "errors": sum(errors.values()),
        "errors_by_kind": errors,
        "error_examples": error_examples,
        "p50_ms": round(statistics.median(every), 1) if every else None,
        "p95_ms": round(measure.percentile(every, 0.95), 1) if every else None,
        "sighup_at_s": hup_at,
        "errors_after_sighup": hup["errors_after"],
        "submissions_acknowledged": len(acknowledged),
        "submissions_stored": sum(stored.values()),
        "acknowledged_stored_once": sum(1 for title in acked if stored.get(title) == 1),
        "acknowledged_missing": sorted(acked - set(stored))[:10],
        "stored_twice": sorted(title for title, n in stored.items() if n > 1)[:10],
        "stored_unacknowledged": len(set(stored) - acked),
        "pass": not errors
        and all(stored.get(title) == 1 for title in acked)
        and bool(every)
        and measure.percentile(every, 0.95) <= 500,
        "pages": {
            kind: {
                "n": len(values),
                "errors": errors.get(kind, 0),
                "p50_ms": round(statistics.median(values), 1),
                "p95_ms": round(measure.percentile(values, 0.95), 1),
            }
            for kind, values in sorted(samples.items())
        },
    }


def cleanup_load_ideas():
    """The ideas the load runs submitted (their titles say so)."""
    Idea.objects.filter(title__startswith="Belastningsprøve ").delete()


# Scale-out -------------------------------------------------------------------------------------


def scale_out(ports=(8761, 8762), log=print):
    media = Path(tempfile.mkdtemp(prefix="samskab-shared-media-"))
    env = measure.bench_env()
    # One shared media folder (a network file system, or S3 through django-storages, in
    # production): both instances and both workers read and write the same files.
    env["SAMSKAB_MEDIA_ROOT"] = str(media)
    python = str(Path(settings.BASE_DIR) / ".venv" / "bin" / "python")
    workers = [
        subprocess.Popen(
            [python, "manage.py", "run_worker", "--interval", "0.5"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(2)
    ]
    result = {
        "sessions": settings.SESSION_ENGINE,
        "cache": settings.CACHES["default"]["BACKEND"],
        "media_storage": f"{settings.STORAGES['default']['BACKEND']} (one folder for both)",
    }
    try:
        with (
            measure.gunicorn(ports[0], workers=1, env=env) as first,
            measure.gunicorn(ports[1], workers=1, env=env) as second,
        ):
            result["instances"] = (
                f"gunicorn pid {first.pid} on :{ports[0]}, pid {second.pid} on :{ports[1]}"
            )
            result["task_workers"] = f"run_worker pids {workers[0].pid}, {workers[1].pid}"
            meeting = (
                Meeting.objects.filter(
                    committee__public_access="agenda", state=Meeting.State.APPROVED
                )
                .order_by("-starts_at")
                .first()
            )
            statuses = []
            for n in range(20):
                status, _, _ = Session(ports[n % 2]).request("GET", meeting.get_absolute_url())
                statuses.append(status)
            result["alternating_requests"] = (
                f"{len(statuses)} requests A, B, A, B…: statuses {sorted(set(statuses))}"
            )
            result.update(_session_across(ports))
            result.update(_exports_across(ports, meeting))
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
        shutil.rmtree(media, ignore_errors=True)
    result["pass"] = (
        result.get("session_on_b") == "logged in"
        and result.get("exports_done") == result.get("exports_requested")
        and "[200]" in result.get("alternating_requests", "")
    )
    return result


def _session_across(ports):
    """Log in through the login form on A; the session cookie works on B."""
    a = Session(ports[0])
    token = a.csrf_token("/konto/login/")
    status, location, _ = a.request(
        "POST",
        "/konto/login/",
        {"csrfmiddlewaretoken": token, "username": dataset.STAFF, "password": dataset.PASSWORD},
    )
    b = Session(ports[1], a.cookies)
    status_b, location_b, _ = b.request("GET", "/idekatalog/mine/")
    anonymous, location_anon, _ = Session(ports[1]).request("GET", "/idekatalog/mine/")
    return {
        "login_on_a": f"{status} → {location}",
        "session_on_b": "logged in" if status_b == 200 else f"{status_b} → {location_b}",
        "anonymous_on_b": f"{anonymous} → {location_anon}",
    }


def _exports_across(ports, meeting):
    """Queue exports of several meetings' agendas through A and B; both workers pick them up."""
    from django_tasks_db.models import DBTaskResult

    meetings = list(
        Meeting.objects.filter(committee__public_access="agenda", state=Meeting.State.APPROVED)
        .order_by("-starts_at")
        .values_list("pk", flat=True)[:6]
    )
    session = Session(ports[0], logged_in_cookies(dataset.SECRETARIAT))
    token = session.csrf_token(meeting.get_absolute_url())
    exports = []
    for n, pk in enumerate(meetings):
        session.port = ports[n % 2]
        status, location, _ = session.request(
            "POST",
            "/dokumenter/ny/",
            {
                "csrfmiddlewaretoken": token,
                "document": "meetings.pack",
                "object_id": pk,
                "variant": "pdf/ua-1",
            },
        )
        match = re.search(r"/dokumenter/(\d+)/", location)
        if match:
            exports.append(int(match.group(1)))
    deadline = time.monotonic() + 300
    done = []
    while time.monotonic() < deadline:
        done = list(Export.objects.filter(pk__in=exports, status__in=["done", "failed"]))
        if len(done) == len(exports):
            break
        time.sleep(1)
    tasks = DBTaskResult.objects.filter(id__in=[e.task_id for e in done if e.task_id])
    by_worker = {}
    for task in tasks:
        for worker in getattr(task, "worker_ids", []) or []:
            by_worker[worker] = by_worker.get(worker, 0) + 1
    # Polled through B: the export's status page answers on the other instance too.
    statuses = [
        Session(ports[1], session.cookies).request("GET", f"/dokumenter/{pk}/")[0] for pk in exports
    ]
    return {
        "exports_requested": len(exports),
        "exports_done": sum(1 for export in done if export.status == "done"),
        "exports_failed": [export.error[:200] for export in done if export.status == "failed"],
        "export_status_pages_on_b": sorted(set(statuses)),
        "exports_per_worker": by_worker or "(django-tasks-db keeps no worker ids)",
    }
