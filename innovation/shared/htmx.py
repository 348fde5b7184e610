"""How views answer htmx, the same way everywhere.

* A page and its fragment come from one template: ``template(request, name, partial)`` is the
  partial for an htmx request and the whole page otherwise (also when htmx restores history).
* A form with errors answers ``INVALID`` (422) with the fragment it belongs to; the base
  layout's htmx configuration swaps a 422 into the element the request targets, so the message
  lands beside the field, never in place of the page.
* Every other error (400, 403, 404, 5xx, no answer) is not swapped; ``static/js/samskab.js``
  says in the page's live region that the request failed and what to do.
"""

INVALID = 422


def template(request, name: str, partial: str) -> str:
    if request.htmx and not request.htmx.history_restore_request:
        return f"{name}#{partial}"
    return name
