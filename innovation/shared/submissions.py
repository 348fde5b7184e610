"""A form sent twice makes one object.

A form that creates something (``SentOnceMixin``) carries a key made when its page is rendered,
as a hidden field. ``once`` claims the key (a row with a unique key, in the same transaction as
what the form makes) before making anything: the same form sent again — a double click, a
reload that posts again, a retry after a timeout, even two requests at the same moment — finds
the key taken and is led to what the first one made instead. A form sent without a key (an old
page, a script) is made as before.
"""

import datetime
import uuid

from django import forms
from django.core.exceptions import BadRequest
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovation.shared.models import Submission

KEY = "submission_key"
# A key is kept this long: longer than anyone keeps a page open and sends it again.
KEPT = datetime.timedelta(days=7)
ALREADY_SENT = _("This form was already sent; here is what it made.")


class SentOnceMixin:
    """Adds the hidden ``submission_key`` to a form that creates (a model form of a new
    instance): a new key for each page rendered, the key sent back when the form is shown
    again with its errors (nothing was made then)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is None or instance._state.adding:
            self.fields[KEY] = forms.UUIDField(
                required=False, widget=forms.HiddenInput, initial=uuid.uuid4
            )


class KeyForm(SentOnceMixin, forms.Form):
    """The key alone, beside forms that have none of their own: a page of rows (a formset)
    whose new rows are made when it is saved, or an edit that adds rows or files."""


def without_key(data):
    """``cleaned_data`` without the key, to pass on to an action."""
    return {name: value for name, value in data.items() if name != KEY}


def key_of(form):
    """The key a valid form was sent with (``None``: none, or not a form that creates)."""
    return form.cleaned_data.get(KEY)


def once(*, key, user, make):
    """Run ``make()`` once for ``key``. ``make`` makes something and returns the address to go
    to, or ``None`` when it made nothing (invalid input: the key stays free for the corrected
    form). Returns ``(url, made)``: for a key already used, the address the first submission
    led to and ``False``. A key another user sent is a bad request."""
    if key is None:
        return make(), True
    try:
        with transaction.atomic():
            # A second request with the same key waits here until the first one's transaction
            # ends, then fails on the unique key (or goes on, if the first made nothing).
            submission = Submission.objects.create(key=key, user=user)
            url = make()
            if url is None:
                transaction.set_rollback(True)
                return None, True
            submission.url = url
            submission.save(update_fields=["url"])
            # The user's keys older than ``KEPT`` go (a few rows, by the user's index).
            Submission.objects.filter(user=user, created_at__lt=timezone.now() - KEPT).delete()
            return url, True
    except IntegrityError:
        earlier = Submission.objects.filter(key=key).first()
        if earlier is None:
            raise  # not the key: what ``make`` did
    if earlier.user_id != user.pk:
        raise BadRequest("This form key belongs to someone else.")
    return earlier.url, False
