"""Which forms a view builds: shared by the fuzz test and the access matrix, which read the
parameters a view takes from the forms it binds to the request."""

from contextlib import contextmanager
from unittest import mock

from django import forms


@contextmanager
def forms_made():
    """The forms constructed meanwhile."""
    made = []
    original = forms.BaseForm.__init__

    def recording(self, *args, **kwargs):
        original(self, *args, **kwargs)
        made.append(self)

    with mock.patch.object(forms.BaseForm, "__init__", recording):
        yield made
