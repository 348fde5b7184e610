"""Real Chromium (Debian's package) through Playwright, against pytest-django's live_server."""

import importlib
import os
import shutil

import pytest
from django.db import connections

from tests.browser.helpers import axe_violations

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def seeded(transactional_db):
    """The rows data migrations create (roles and their rights, the catalogue's lists).
    Serialized rollback restores them for most orders of tests, not all: seed them again (it is
    idempotent)."""
    from django.apps import apps

    from innovation.shared.permissions import grant_model_permissions

    for migration in ("innovation.migrations.0001_roles", "catalogue.migrations.0003_seed_lists"):
        module = importlib.import_module(migration)
        (getattr(module, "create_roles", None) or module.seed)(apps, None)
    grant_model_permissions(apps)


@pytest.fixture
def page(browser, live_server, transactional_db, django_db_serialized_rollback, seeded):
    """A fresh browser tab; data created by migrations (roles, lists) survives the flush."""
    # bypass_csp lets axe-core be injected; the app's own policy is tested without a browser.
    context = browser.new_context(base_url=live_server.url, locale="da-DK", bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
    connections.close_all()


@pytest.fixture
def assert_accessible():
    def check(page):
        violations = axe_violations(page)
        assert violations == [], f"axe-core found violations on {page.url}: {violations}"

    return check
