"""The site search: one page over meetings, agenda items, attachments, ideas and projects
(``search/forms.py``), live with htmx, its URL the search (GET parameters)."""

from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers

from innovation.shared import htmx, pagecache
from innovation.shared.forms import PageForm
from search.forms import Results, SearchForm


@vary_on_headers("HX-Request")
@pagecache.for_visitors(
    "search", domains=("meetings", "catalogue", "innovation", pagecache.DOCUMENTS)
)
def index(request):
    """Search everything ``request.user`` may see. A value the form refuses (an unknown
    committee, a year that is not a number) answers 400 with the form's message."""
    form = SearchForm(request.GET)
    results = page = None
    status = 200
    if not form.is_valid():
        status = 400
    elif form.cleaned_data["q"]:
        results = Results(form.cleaned_data, request.user)
        if results:
            page_form = PageForm(request.GET)
            number = page_form.cleaned_data["page"] if page_form.is_valid() else None
            page = results.page(number)
    context = {
        "form": form,
        "results": results,
        "page": page,
        "facets": results.facet_choices() if page is not None else [],
    }
    name = htmx.template(request, "search/index.html", "search-results")
    return render(request, name, context, status=status)
