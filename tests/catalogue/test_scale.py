"""The catalogue at scale: query counts that do not grow with the number of ideas, queries
that PostgreSQL can serve from their indexes (EXPLAIN), bounded lists with estimated counts,
and the stored counts of support and comments."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue import actions
from catalogue.forms import IdeaFilterForm, Listing
from catalogue.models import ActorType, Comment, Idea, WelfareArea
from catalogue.search import Search, similar_ideas, stems
from tests.catalogue.factories import CommentFactory, EndorsementFactory, IdeaFactory
from tests.factories import UserFactory
from tests.planner import planner_without

S = Idea.Status
WORDS = ["hjemmepleje", "skolegård", "cykelsti", "bibliotek", "sundhedshus", "idræt", "borger"]


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def make_ideas(number, start=0):
    """``number`` ideas in the catalogue, quickly, with tags and actors."""
    area = WelfareArea.objects.get(slug="aeldre")
    ideas = Idea.objects.bulk_create(
        Idea(
            title=f"Idé {n} om {WORDS[n % len(WORDS)]}",
            summary=f"Et resumé om {WORDS[(n + 1) % len(WORDS)]} for borgerne, nummer {n}.",
            description="Beskrivelse.",
            welfare_area=area,
            status=S.PUBLISHED,
            dis_dimensions=["innovation"],
        )
        for n in range(start, start + number)
    )
    actor = ActorType.objects.get(slug="borgere")
    Idea.actor_types.through.objects.bulk_create(
        Idea.actor_types.through(idea=idea, actortype=actor) for idea in ideas
    )
    return ideas


def plan_of(queryset):
    return queryset.explain()


PAGES = [
    reverse("catalogue:index"),
    reverse("catalogue:index") + "?q=borgerne",
    reverse("catalogue:index") + "?q=borgerne+hjemmepleje&sort=newest",
    reverse("catalogue:index") + "?area=aeldre&actor=borgere&dis=innovation",
    reverse("catalogue:index") + "?page=2&sort=supported",
    reverse("catalogue:matrix"),
]


@pytest.mark.parametrize("url", PAGES)
@override_settings(SAMSKAB_VISITOR_PAGES=False)  # the page's own queries, not a kept page's
def test_query_counts_do_not_grow_with_the_ideas(client, db, url):
    ideas = make_ideas(5)
    for idea in ideas[:2]:
        idea.tags.add("borgerinddragelse", "velfærd")
    stems(parse_qs(urlsplit(url).query).get("q", [""])[0])  # stemmed once per process
    few = queries(client, url)
    more = make_ideas(45, start=5)
    for idea in more:
        idea.tags.add("borgerinddragelse", f"emne{idea.pk}")
    assert queries(client, url) == few
    assert few <= 12


def test_a_deep_page_costs_what_the_first_costs(client, db):
    make_ideas(60)
    first = queries(client, reverse("catalogue:index"))
    assert queries(client, reverse("catalogue:index") + "?page=3") == first


def test_hints_query_count_does_not_grow(client, db, staff):
    client.force_login(staff)
    url = reverse("catalogue:similar") + "?title=Idé+om+borger+og+bibliotek"
    make_ideas(5)
    stems("Idé om borger og bibliotek")  # the words are stemmed once per process
    few = queries(client, url)
    make_ideas(45, start=5)
    assert queries(client, url) == few


@pytest.fixture
def many(db):
    """A few thousand ideas, analysed, so that the planner has statistics."""
    make_ideas(3_000)
    IdeaFactory(title="Digitalt borgerpanel", summary="Råd om digitalisering.", status=S.PUBLISHED)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE catalogue_idea")
        cursor.execute("ANALYZE taggit_taggeditem")


def no_seq_scan_on_ideas(plan):
    return not re.search(r"Seq Scan on catalogue_idea\b(?!_)", plan)


def test_search_candidates_come_from_the_gin_indexes(many):
    search = Search("borgerne folkeskolen")
    # At a few thousand rows a sequential scan costs less; rule it (and plain index scans of
    # the whole table) out, to show that the indexes CAN serve every condition.
    with planner_without("seqscan", "indexscan"):
        # Every idea of this data set is in the catalogue: the status alone would serve too.
        plan = plan_of(search.matching(Idea.objects.all()).order_by().values("pk"))
    assert "BitmapOr" in plan, plan
    for index in (
        "catalogue_idea_search_gin",
        "catalogue_idea_title_trgm",
        "catalogue_idea_summary_trgm",
        "catalogue_idea_pkey",  # the tags, as primary keys
    ):
        assert f"Bitmap Index Scan on {index}" in plan, plan
    assert no_seq_scan_on_ideas(plan), plan


def test_search_reads_a_bounded_number_of_candidates(many):
    rows, complete = Search("borgerne").candidates(Idea.objects.published(), ("pk",), {}, 50)
    assert len(rows) == 50
    assert not complete
    rows, complete = Search("borgerpanel").candidates(Idea.objects.published(), ("pk",), {}, 50)
    assert [row["pk"] for row in rows] == [Idea.objects.get(title="Digitalt borgerpanel").pk]
    assert complete


def test_hints_read_their_candidates_off_the_indexes(many):
    stems("Digitalt borgerpanel råd")  # the words are stemmed once per process
    with CaptureQueriesContext(connection) as context:
        # Every idea of this data set is in the catalogue: the status alone would serve too.
        hints = list(similar_ideas("Digitalt borgerpanel", "råd", queryset=Idea.objects.all()))
    assert hints[0].title == "Digitalt borgerpanel"
    # One query: candidates and rank together.
    assert len(context.captured_queries) == 1
    hint_query = context.captured_queries[-1]["sql"]
    with planner_without("seqscan", "indexscan") as cursor:  # see above
        cursor.execute(f"EXPLAIN {hint_query}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on catalogue_idea_search_gin" in plan, plan
    assert "Bitmap Index Scan on catalogue_idea_pkey" in plan, plan
    assert no_seq_scan_on_ideas(plan), plan
    # Each kind of resemblance stops at its own limit, however many ideas share a word: whole
    # stems, any word, every word of the title in the title, the title's word similarity, and
    # the limit of the last two together; then the hints' own limit. (At this size the planner
    # may serve the title's conditions from a whole btree index rather than the trigram one; at
    # 100,000 ideas it takes catalogue_idea_title_trgm.)
    assert plan.count("->  Limit") == 5, plan
    assert plan.startswith("Limit"), plan


def test_hints_skip_the_title_similarity_when_the_title_words_suffice(many):
    """The title's word similarity (a costly trigram scan for common words) runs only when
    fewer than ``HINT_CANDIDATES`` ideas have every word of the title in their title."""
    queryset = similar_ideas("Idé om borger", "", queryset=Idea.objects.all())
    assert "Idé" in list(queryset)[0].title
    assert similarity_scan(queryset) == "never executed"
    # A typo in the title: too few ideas have every word, so the similarity fills up.
    typo = similar_ideas("Digitalt borgerpanl", "", queryset=Idea.objects.all())
    assert list(typo)[0].title == "Digitalt borgerpanel"
    assert similarity_scan(typo) != "never executed"


def similarity_scan(queryset):
    """How the plan node that checks the title's word similarity ran."""
    lines = queryset.explain(analyze=True, timing=False).splitlines()
    first = next(number for number, line in enumerate(lines) if "%>" in line)
    node = next(line for line in reversed(lines[:first]) if "->" in line)
    return "never executed" if "never executed" in node else node


@pytest.mark.parametrize(
    ("order", "index"),
    [
        (("-status_changed_at", "-pk"), "catalogue_idea_newest"),
        (("-endorsement_count", "-status_changed_at", "-pk"), "catalogue_idea_supported"),
        (("title", "pk"), "catalogue_idea_title"),
    ],
)
def test_a_deep_page_is_read_off_the_index_of_its_order(many, order, index):
    ideas = Idea.objects.published().order_by(*order)
    page = ideas.values("pk")[2_000:2_020]
    # At a few thousand rows sorting them costs less than reading the index in order; rule
    # that out, to show that the index CAN serve the order (at 100,000 ideas the planner takes
    # it by itself).
    with planner_without("seqscan", "sort"):
        plan = plan_of(ideas.filter(pk__in=page))
    assert f"Index Only Scan using {index}" in plan, plan
    assert "Sort Key" not in plan.split("Index Only Scan")[1], plan
    assert no_seq_scan_on_ideas(plan.split("SubPlan")[-1]), plan


def test_counts_beyond_the_sample_are_estimated_and_said_so(client, db, monkeypatch):
    make_ideas(30)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE catalogue_idea")
    monkeypatch.setattr(Listing, "SAMPLE", 10)
    listing = IdeaFilterForm({}, user=AnonymousUser()).listing(Idea.objects.all())
    assert listing.estimated
    assert listing.count > 10
    assert listing.facets["area"][WelfareArea.objects.get(slug="aeldre").pk] == listing.count
    page = client.get(reverse("catalogue:index")).content.decode()
    assert re.search(r"Omkring \d+ idéer", page), page
    assert "(omkring " in page
    exact = IdeaFilterForm({"q": "hjemmepleje"}, user=AnonymousUser()).listing(Idea.objects.all())
    assert not exact.estimated
    assert exact.count == 9  # "hjemmepleje" in 5 titles and 4 summaries of the 30


def test_a_search_wider_than_the_candidates_shows_the_best_and_says_so(client, db, monkeypatch):
    make_ideas(40)
    monkeypatch.setattr(Listing, "SAMPLE", 10)
    response = client.get(reverse("catalogue:index") + "?q=borgerne")
    page = response.content.decode()
    assert re.search(r"Omkring \d+ idé", page), page
    assert "der passer bedst" in page
    assert page.count('<li class="idea-card">') <= 10


# Stored counts ----------------------------------------------------------------------------------


def counts(idea):
    idea.refresh_from_db()
    return idea.endorsement_count, idea.comment_count


def test_stored_counts_follow_support_and_comments(db, member, staff):
    idea = IdeaFactory(status=S.PUBLISHED)
    other = IdeaFactory(status=S.PUBLISHED)
    assert counts(idea) == (0, 0)
    actions.endorse(idea=idea, user=member)
    actions.endorse(idea=idea, user=staff)
    first = actions.comment(idea=idea, author=member, text="Godt forslag.")
    actions.comment(idea=idea, author=staff, text="Enig.", parent=first)
    assert counts(idea) == (2, 2)
    assert counts(other) == (0, 0)
    actions.withdraw_endorsement(idea=idea, user=staff)
    assert counts(idea) == (1, 2)
    first.delete()  # its reply goes with it
    assert counts(idea) == (1, 0)
    member.delete()  # their support goes with them
    assert counts(idea) == (0, 0)


def test_stored_counts_follow_rows_moved_to_another_idea(db):
    idea, other = IdeaFactory(status=S.PUBLISHED), IdeaFactory(status=S.PUBLISHED)
    comment = CommentFactory(idea=idea)
    EndorsementFactory(idea=idea)
    Comment.objects.filter(pk=comment.pk).update(idea=other)
    assert counts(idea) == (1, 0)
    assert counts(other) == (0, 1)


def test_an_idea_read_before_support_came_in_keeps_the_count_when_saved(db, member, staff):
    """Found by the breaker: an edit (the form's request, the admin) saves the idea it read at
    the start; the counts it read then must not overwrite a support or a comment that came in
    meanwhile, or the stored counts are wrong for good."""
    idea = IdeaFactory(status=S.PUBLISHED)
    read_earlier = Idea.objects.get(pk=idea.pk)
    actions.endorse(idea=idea, user=member)
    actions.comment(idea=idea, author=staff, text="Godt forslag.")
    read_earlier.title = "Ny titel"
    read_earlier.save()
    assert counts(idea) == (1, 1)
    assert idea.title == "Ny titel"


def test_stored_counts_are_no_event_in_the_history(db, member):
    from innovation.shared import history

    idea = IdeaFactory(status=S.PUBLISHED)
    events = history.events().across(history.event_model(Idea)).tracks(idea)
    before = events.count()
    actions.endorse(idea=idea, user=member)
    actions.comment(idea=idea, author=member, text="Et spørgsmål.")
    assert events.count() == before


def test_sort_by_support_reads_the_stored_count(client, db):
    quiet, loved = IdeaFactory(status=S.PUBLISHED), IdeaFactory(status=S.PUBLISHED)
    for user in UserFactory.create_batch(3):
        EndorsementFactory(idea=loved, user=user)
    page = client.get(reverse("catalogue:index") + "?sort=supported").content.decode()
    assert page.index(loved.title) < page.index(quiet.title)


def test_export_counts_are_the_stored_ones(client, db, member):
    idea = IdeaFactory(status=S.PUBLISHED)
    actions.endorse(idea=idea, user=member)
    actions.comment(idea=idea, author=member, text="Fint.")
    response = client.get(reverse("catalogue:export_json"))
    rows = json.loads(b"".join(response.streaming_content))["ideas"]
    assert [(row["endorsements"], row["comments"]) for row in rows] == [(1, 1)]


def test_the_curation_counts_in_the_secretariats_header_read_one_index(many, secretariat):
    """Every page the secretariat opens counts the ideas waiting on it: off the status index,
    which holds the submitter that ``visible_to`` asks about, never the ideas' rows."""
    from catalogue.context_processors import IdeasForUser

    with CaptureQueriesContext(connection) as queries:
        curation = IdeasForUser(secretariat).curation
    assert (
        curation["waiting"] == Idea.objects.filter(status__in=[S.SUBMITTED, S.UNDER_REVIEW]).count()
    )
    [sql] = [q["sql"] for q in queries.captured_queries if "catalogue_idea" in q["sql"]]
    # An index alone can serve it, not the rows: every other way ruled out (a sequential scan,
    # as at 100,000 ideas; and with a handful of ideas waiting, rows the visibility map does not
    # know yet, the planner may find a plain or bitmap index scan as cheap as an index-only one).
    with planner_without("seqscan", "indexscan", "bitmapscan") as cursor:
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using catalogue_idea_status" in plan, plan


def test_the_newest_first_read_is_bounded_whatever_the_planner_estimates(many):
    """Past the title's, the matches are read newest first among the ``NEWEST`` rows only.
    When the planner overestimates a rare word's matches it walks the primary key backwards,
    expecting to meet them soon (at 205,000 search documents: 2.5 s): forced into that walk
    here, the walk starts and stops at the index's own bounds."""
    search = Search("borgerpanel")
    with CaptureQueriesContext(connection) as queries:
        rows, complete = search.candidates(Idea.objects.published(), ("pk",), {}, 50)
    assert [row["pk"] for row in rows] == [Idea.objects.get(title="Digitalt borgerpanel").pk]
    assert complete
    sqls = [query["sql"] for query in queries.captured_queries]
    [newest_first] = [sql for sql in sqls if sql.endswith(" DESC LIMIT 51")]
    with planner_without("sort", "bitmapscan") as cursor:
        cursor.execute("EXPLAIN " + newest_first)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Scan Backward using catalogue_idea_pkey on catalogue_idea" in plan, plan
    walk = plan.split("Index Scan Backward using catalogue_idea_pkey on catalogue_idea")[1]
    assert "Index Cond: (id >= " in walk.split("->")[0], plan
