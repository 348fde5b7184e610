"""The editions of the catalogue document: the list, the PDF of each edition and of the draft,
and (for the secretariat) publishing the next edition.

The document is public, so everyone may see the list and download; publishing goes through
``catalogue.actions.publish_edition``, which checks who may.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from catalogue import actions, querysets
from catalogue.documents import BUILDERS, DRAFT
from catalogue.models import Edition
from catalogue.staff_forms import EditionForm
from innovation.shared import htmx, submissions

DOCUMENT = "catalogue.pdf"


def editions(request):
    form = EditionForm(auto_id="id_edition_%s")
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not querysets.can_curate(request.user):
            raise PermissionDenied
        form = EditionForm(request.POST, auto_id="id_edition_%s")
        if form.is_valid():

            def make():
                try:
                    edition = actions.publish_edition(
                        by=request.user, note=form.cleaned_data["note"]
                    )
                except actions.ActionError as error:
                    form.add_error(None, str(error))
                    return None
                messages.success(
                    request,
                    _("%(edition)s of the catalogue is published.") % {"edition": edition},
                )
                return reverse("catalogue:editions")

            # Sent twice (the same key), one edition is published (``submissions``).
            key = submissions.key_of(form)
            url, made = submissions.once(key=key, user=request.user, make=make)
            if url:
                if not made:
                    messages.info(request, submissions.ALREADY_SENT)
                return redirect(url)
    context = {
        "document": DOCUMENT,
        "editions": list(Edition.objects.all()),
        "draft": DRAFT,
        "can_publish": querysets.can_curate(request.user),
        "form": form,
        "label": BUILDERS[DOCUMENT].label,
    }
    return render(
        request, "catalogue/editions.html", context, status=htmx.INVALID if form.errors else 200
    )
