"""The shared machinery (innovation/shared/) serves every app and imports none of them: the
apps register with it from their AppConfig.ready() — their document builders with the exports,
the kinds of things that serve a mandate task with the meetings' tracker."""

import ast
import sys
import types
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from innovation.shared import exports
from meetings import mandate

SHARED = Path(exports.__file__).resolve().parent
APPS = ("meetings", "catalogue", "innovation")


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            if node.module == "innovation":
                yield from (f"innovation.{alias.name}" for alias in node.names)


@pytest.mark.parametrize("path", sorted(SHARED.glob("*.py")), ids=lambda p: p.name)
def test_the_shared_machinery_imports_no_app(path):
    for module in imported_modules(path):
        if module.split(".")[0] in APPS:
            assert module.startswith("innovation.shared"), f"{path.name} imports {module}"


def test_every_apps_documents_are_registered():
    assert set(exports.DOCUMENTS.modules) == {
        "meetings.documents",
        "catalogue.documents",
        "innovation.documents",
    }
    assert {
        "meetings.pack",
        "meetings.recommendation",
        "meetings.minutes",
        "catalogue.pdf",
        "innovation.recommendation",
    } <= set(exports.DOCUMENTS.builders())


def test_two_builders_of_one_name_are_refused(monkeypatch):
    registry = exports.Documents()
    registry.register("meetings.documents")
    registry.register("meetings.documents")  # once is enough, twice is harmless
    assert registry.modules == ["meetings.documents"]

    twin = types.ModuleType("tests.twin_documents")
    twin.BUILDERS = {"meetings.pack": object()}
    monkeypatch.setitem(sys.modules, twin.__name__, twin)
    registry.register("tests.twin_documents")
    with pytest.raises(ImproperlyConfigured, match="meetings.pack"):
        registry.builders()


def test_the_tracker_knows_its_kinds_from_the_apps():
    assert [servant.key for servant in mandate.SERVANTS] == ["items", "ideas", "projects"]
    before = list(mandate.SERVANTS)
    mandate.register(mandate.SERVANTS[1])
    assert before == mandate.SERVANTS
