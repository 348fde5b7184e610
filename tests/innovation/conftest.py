import runpy
from pathlib import Path

import pytest

SETTINGS = Path(__file__).resolve().parents[2] / "innovation" / "settings.py"


@pytest.fixture
def read_settings(monkeypatch):
    """``innovation/settings.py`` as it reads the given environment (a variable given as None
    is unset), without touching the settings of the test run."""

    def read(**environ):
        for name, value in environ.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS))

    return read
