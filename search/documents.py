"""How the search documents (``search.models.Document``) are kept current: by the database.

Each kind of object has an SQL function ``search_index_<kind>s(ids bigint[])`` (created by the
migration ``0001_initial``) that writes the documents of the objects ``ids`` from their rows
(insert or update) and deletes the documents of those gone; with ``NULL`` it writes the
documents missing (the backfill, ``manage.py search_index``). Row triggers on every table a
document reads call them, so a form, an action, the admin, a bulk update or raw SQL alike keep
the documents in step, in the writing transaction. Installed by ``migrate`` (django-pgtrigger,
``PGTRIGGER_INSTALL_ON_MIGRATE``), like the page cache's and the history's triggers.

What a document holds (never a private or an internal note, never an applied-for funding, a
partner's contact or the learning log):

* meeting: its title (or the committee's name), place and purposes;
* agenda item: title, recommending unit, sections, recommendation points with their decision
  texts, and the decision — what a reader who may read the item in full reads;
* agenda item's decision (a second document per item, ``Kind.DECISION``): what a reader who may
  not read it in full sees on its page — of an open item the title, the recommending unit,
  the recommendation points with their decision texts and the decision (the committee publishes
  only decisions); of a closed item its open decision (“Åben beslutning”) only, and its title
  only where the committee shows closed items' titles (``show_closed_titles``: a change of it
  writes the committee's closed items' documents again);
* attachment: title and the text read from its file (``search.tasks``);
* idea: title, summary, description;
* project: title, summary, problem, hypotheses.

Who finds a document is decided at query time by the objects' own rules
(``search/querysets.py``), never stored here: a committee's ``public_access`` changing (all,
decisions only, nothing) writes no document, it changes who finds which.
"""

import pgtrigger
from django.apps import apps


def _call(function, column):
    """A trigger body handing the old and the new row's ``column`` to ``function`` (on an
    insert the old row is NULL, on a delete the new one)."""
    return f"PERFORM {function}(ARRAY[OLD.{column}, NEW.{column}]::bigint[]); RETURN NULL;"


def _on_change(function, column="id", name="search_index"):
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.After,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        func=_call(function, column),
    )


def _on_change_of(function, fields):
    """As ``_on_change``, but an update only when one of ``fields`` (what the document reads)
    changes: an idea's row is updated by every support and comment (its stored counts)."""
    return [
        pgtrigger.Trigger(
            name="search_index",
            when=pgtrigger.After,
            operation=pgtrigger.Insert | pgtrigger.Delete,
            func=_call(function, "id"),
        ),
        pgtrigger.Trigger(
            name="search_index_changed",
            when=pgtrigger.After,
            operation=pgtrigger.Update,
            condition=pgtrigger.AnyChange(*fields),
            func=_call(function, "id"),
        ),
    ]


def _parts_on_move(name, functions, condition):
    """On an update that moves a meeting or an item (another committee, year or meeting), the
    documents of its parts, which carry the committee and the year."""
    body = " ".join(f"PERFORM {function}(ARRAY({select}));" for function, select in functions)
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.After,
        operation=pgtrigger.Update,
        condition=condition,
        func=body + " RETURN NULL;",
    )


ITEMS_OF_MEETING = "SELECT id FROM meetings_agendaitem WHERE meeting_id = NEW.id"
ATTACHMENTS_OF_MEETING = (
    "SELECT a.id FROM meetings_attachment a JOIN meetings_agendaitem i ON i.id = a.item_id "
    "WHERE i.meeting_id = NEW.id"
)
ATTACHMENTS_OF_ITEM = "SELECT id FROM meetings_attachment WHERE item_id = NEW.id"
CLOSED_ITEMS_OF_COMMITTEE = (
    "SELECT i.id FROM meetings_agendaitem i JOIN meetings_meeting m ON m.id = i.meeting_id "
    "WHERE m.committee_id = NEW.id AND i.is_closed"
)

TRIGGERS = {
    "meetings.Meeting": [
        _on_change("search_index_meetings"),
        _parts_on_move(
            "search_index_parts",
            [
                ("search_index_items", ITEMS_OF_MEETING),
                ("search_index_decisions", ITEMS_OF_MEETING),
                ("search_index_attachments", ATTACHMENTS_OF_MEETING),
            ],
            pgtrigger.Q(old__committee_id__df=pgtrigger.F("new__committee_id"))
            | pgtrigger.Q(old__starts_at__df=pgtrigger.F("new__starts_at")),
        ),
    ],
    "meetings.Committee": [
        _parts_on_move(
            "search_index_closed_titles",
            [("search_index_decisions", CLOSED_ITEMS_OF_COMMITTEE)],
            pgtrigger.Q(old__show_closed_titles__df=pgtrigger.F("new__show_closed_titles")),
        ),
    ],
    "meetings.AgendaItem": [
        _on_change("search_index_items"),
        _on_change("search_index_decisions", name="search_index_decision"),
        _parts_on_move(
            "search_index_parts",
            [("search_index_attachments", ATTACHMENTS_OF_ITEM)],
            pgtrigger.Q(old__meeting_id__df=pgtrigger.F("new__meeting_id")),
        ),
    ],
    "meetings.ItemSection": [_on_change("search_index_items", "item_id")],
    "meetings.RecommendationPoint": [
        _on_change("search_index_items", "item_id"),
        _on_change("search_index_decisions", "item_id", name="search_index_decision"),
    ],
    "meetings.Attachment": [_on_change("search_index_attachments")],
    "search.AttachmentText": [_on_change("search_index_attachments", "attachment_id")],
    "catalogue.Idea": _on_change_of(
        "search_index_ideas", ["title", "summary", "description", "created_at"]
    ),
    "innovation.Project": [_on_change("search_index_projects")],
}


def register():
    """Called once from ``SearchConfig.ready``; ``migrate`` installs the triggers. The text
    read from an attachment raises the meetings' content version too, as the attachment's own
    changes do (``innovation.shared.pagecache``): a search page kept for visitors is rendered
    again."""
    from innovation.shared import pagecache

    for label, triggers in TRIGGERS.items():
        pgtrigger.register(*triggers)(apps.get_model(label))
    pgtrigger.register(pagecache.trigger("meetings"))(apps.get_model("search.AttachmentText"))
    # The site search reads its matches among every document, a draft idea's too, before it
    # applies access: a page kept for visitors follows every document written
    # (``pagecache.DOCUMENTS``), not only those of the rows that raise their part.
    pgtrigger.register(pagecache.trigger(pagecache.DOCUMENTS))(apps.get_model("search.Document"))
    from search import tasks

    tasks.connect()
