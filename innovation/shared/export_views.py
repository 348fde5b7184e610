"""Exporting documents: start an export, follow its progress, download the file.

The export itself runs as a task (``innovation.shared.tasks.run_export``); these views only ask
``innovation.shared.exports`` for it and show where it is (or that it waits for the task worker, or
that it was lost and is queued again). Who may follow an export is decided by
``Export.objects.visible_to`` (the requester, their browser session, the secretariat); who may
download it is decided again by the document's builder at download time.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from innovation.shared import exports, htmx, permissions
from innovation.shared.forms import ExportForm
from innovation.shared.models import Export

SESSION_KEY = "samskab_exports"
# The exports a browser session follows (anonymous visitors have no other claim to theirs).
SESSION_LIMIT = 50


def _session_exports(request):
    return request.session.get(SESSION_KEY, [])


def _remember(request, export):
    followed = [pk for pk in _session_exports(request) if pk != export.pk]
    request.session[SESSION_KEY] = [*followed, export.pk][-SESSION_LIMIT:]


def _visible(request):
    return Export.objects.visible_to(request.user, _session_exports(request))


def _status_context(export, **extra):
    path = export.file()
    return {
        "export": export,
        "size": path.stat().st_size if path else None,
        # No worker running: the page says the export waits for it, not just "0 %".
        "no_service": export.is_pending and not exports.service_running(),
        **extra,
    }


def _unknown_variant(request):
    template = "innovation/export_invalid.html"
    if request.htmx:
        template += "#export-invalid"
    return render(request, template, {"variants": Export.Variant.choices}, status=htmx.INVALID)


@require_POST
def export_start(request):
    form = ExportForm(request.POST)
    if not form.is_valid():
        if form.has_error("variant"):
            return _unknown_variant(request)
        # Without a well-formed document and object there is nothing to find.
        raise Http404
    try:
        export = exports.request_export(
            user=request.user,
            document=form.cleaned_data["document"],
            object_id=form.cleaned_data["object_id"],
            variant=form.cleaned_data["variant"],
            language=get_language(),
            audience=form.cleaned_data["audience"] or None,
        )
    except exports.DocumentNotFound:
        raise Http404 from None
    except exports.UnknownVariant:
        return _unknown_variant(request)
    # PermissionDenied goes on to the 403 page.
    _remember(request, export)
    if request.htmx:
        context = _status_context(export, on_page=False)
        return render(request, "innovation/export_status.html#export-panel", context)
    return redirect(export)


@require_GET
@vary_on_headers("HX-Request")
def export_status(request, pk):
    export = get_object_or_404(_visible(request), pk=pk)
    if export.is_overdue:
        # Its worker may have died: queue it again or fail it (whoever looks first does).
        exports.recover_lost(Export.objects.filter(pk=export.pk))
        export.refresh_from_db()
    template = "innovation/export_status.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#export-status"
    return render(request, template, _status_context(export, on_page=True))


@require_GET
def export_download(request, pk):
    export = get_object_or_404(_visible(request).filter(status=Export.Status.DONE), pk=pk)
    try:
        builder = exports.DOCUMENTS[export.document]
        obj = exports.get_object(builder, export.object_id)
    except exports.DocumentNotFound:
        raise Http404 from None
    # The reader may have lost access since the export was made: ask the builder again.
    audience = builder.audience_for(request.user, obj)
    if audience is None or (audience != export.audience and export.audience != permissions.PUBLIC):
        raise Http404
    path = export.file()
    if path is None:
        raise Http404
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=export.filename,
        content_type="application/pdf",
    )
