"""Danish search (``catalogue/search.py``): inflections, compounds, ranking, odd input, and that
the queries use the GIN indexes."""

import pytest
from django.db import connection

from catalogue.models import Idea, WelfareArea
from catalogue.search import search_ideas, similar_ideas, stems
from tests.catalogue.factories import IdeaFactory
from tests.planner import planner_without

S = Idea.Status


def found(text, queryset=None):
    queryset = Idea.objects.all() if queryset is None else queryset
    return [idea.title for idea in search_ideas(queryset, text).order_by("-rank", "pk")]


@pytest.fixture
def ideas(db):
    make = lambda title, summary, **kwargs: IdeaFactory(  # noqa: E731
        title=title, summary=summary, description="", status=S.PUBLISHED, **kwargs
    )
    return {
        "panel": make("Digitalt borgerpanel", "Et panel giver råd om digitale løsninger."),
        "skole": make("Styrket samarbejde med folkeskolen", "Lærere og foreninger mødes."),
        "summary": make("Åbne lokaler", "Foreningerne låner lokaler på skolerne om aftenen."),
        "tech": make("Velfærdsteknologi i hjemmeplejen", "Sensorer og skærmbesøg hos ældre."),
        "other": make("Grøn by", "Træer og regnvandsbede i byrummet."),
    }


def test_inflected_word_finds_the_stem(ideas):
    assert found("borgerne") == ["Digitalt borgerpanel"]
    assert found("borger") == ["Digitalt borgerpanel"]


def test_compound_tail_is_found(ideas):
    titles = found("skole")
    assert "Styrket samarbejde med folkeskolen" in titles
    assert "Åbne lokaler" in titles
    assert "Grøn by" not in titles


def test_title_hits_rank_before_summary_hits(ideas):
    titles = found("skole")
    assert titles.index("Styrket samarbejde med folkeskolen") < titles.index("Åbne lokaler")
    lokaler = IdeaFactory(
        title="Booking", summary="Book kommunens lokaler digitalt.", status=S.PUBLISHED
    )
    titles = found("lokaler")
    assert titles[0] == "Åbne lokaler"
    assert lokaler.title in titles


def test_all_words_must_match(ideas):
    assert found("digitale borgere") == ["Digitalt borgerpanel"]
    assert found("borgerpanel regnvand") == []


def test_typo_is_forgiven_by_word_similarity(ideas):
    assert "Velfærdsteknologi i hjemmeplejen" in found("velfærdsteknolgi")


def test_tags_are_searched(ideas):
    ideas["other"].tags.set(["klimatilpasning"])
    assert found("klimatilpasningen") == ["Grøn by"]


def test_search_within_a_queryset(ideas):
    ideas["panel"].welfare_area = WelfareArea.objects.get(slug="sundhed")
    ideas["panel"].save()
    assert found("borgerne", Idea.objects.filter(welfare_area__slug="aeldre")) == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        '"',
        "'",
        "&",
        "|",
        "!",
        ":",
        "*",
        "borger:*",
        "borger & | ! skole",
        "'; DROP TABLE catalogue_idea; --",
        "(((borger",
        "<->",
        "\\",
        "%_",
        "og i på",  # stop words only
        "ø" * 10_000,
        " ".join(["borger"] * 500),
        "\x00",
    ],
)
def test_odd_input_never_raises(ideas, text):
    result = found(text)
    assert isinstance(result, list)


def test_regex_characters_are_literal(ideas):
    IdeaFactory(title="Tal (2017) og mere", summary="x", status=S.PUBLISHED)
    assert found("2017)") == ["Tal (2017) og mere"]


def test_stems_drop_stop_words(db):
    assert [stem for _word, stem in stems("Borgerne og skolen")] == ["borg", "skol"]


def test_similar_ideas(ideas):
    draft = IdeaFactory(title="Borgerpanel om skolemad", summary="Elever giver råd.")
    similar = list(similar_ideas("Et digitalt borgerpanel", "råd fra borgerne"))
    assert similar[0] == ideas["panel"]
    assert draft not in similar  # only ideas in the catalogue
    assert ideas["panel"] not in similar_ideas("Digitalt borgerpanel", exclude=ideas["panel"])
    assert list(similar_ideas("", "")) == []
    assert len(similar_ideas("borger skole lokaler digital", "", limit=2)) <= 2


def test_search_uses_the_gin_indexes(db):
    area = WelfareArea.objects.get(slug="aeldre")
    words = ["hjemmepleje", "skolegård", "cykelsti", "bibliotek", "sundhedshus", "idræt"]
    Idea.objects.bulk_create(
        Idea(
            title=f"Idé {number} om {words[number % len(words)]}",
            summary=f"Et resumé om {words[(number + 1) % len(words)]} nummer {number}.",
            description="Beskrivelse.",
            welfare_area=area,
            status=S.PUBLISHED,
        )
        for number in range(2_000)
    )
    IdeaFactory(title="Digitalt borgerpanel", summary="Råd om digitalisering.", status="published")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE catalogue_idea")
    # At this size a sequential scan, or a plain index scan over all rows, costs less than the
    # GIN bitmaps: rule them out, so the plan shows which indexes the search CAN use.
    with planner_without("seqscan", "indexscan"):
        queryset = search_ideas(Idea.objects.all(), "borgerne folkeskolen").order_by()
        plan = queryset.values("pk").explain()
    assert "BitmapOr" in plan, plan
    assert "catalogue_idea_search_gin" in plan, plan
    assert "catalogue_idea_title_trgm" in plan, plan
    assert "catalogue_idea_summary_trgm" in plan, plan
    assert "Seq Scan on catalogue_idea " not in plan, plan
    assert found("borgerne") == ["Digitalt borgerpanel"]


def test_no_false_friend_inside_a_longer_word(ideas):
    """ "ældre" is not found inside "forældre" (a prefix that makes another word), neither as
    a substring nor by word similarity; a compound ending in the word still is."""
    IdeaFactory(title="Netværk for forældre", summary="Forældrene mødes.", status=S.PUBLISHED)
    IdeaFactory(title="Bedsteforældre læser højt", summary="I biblioteket.", status=S.PUBLISHED)
    IdeaFactory(title="Seniorældre", summary="Et ord med ældre i halen.", status=S.PUBLISHED)
    titles = found("ældre")
    assert "Velfærdsteknologi i hjemmeplejen" in titles  # "ældre" in its summary
    assert "Netværk for forældre" not in titles
    assert "Bedsteforældre læser højt" not in titles
    assert "Seniorældre" in titles


def test_a_word_is_stemmed_by_the_database_once(db, django_assert_num_queries):
    stems("Sundhedsplejersken og")
    with django_assert_num_queries(0):
        assert stems("sundhedsplejersken og") == [("sundhedsplejersken", "sundhedsplejersk")]
    with django_assert_num_queries(1):
        assert [stem for _word, stem in stems("sundhedsplejersken Hjemmeplejen")] == [
            "sundhedsplejersk",
            "hjemmeplej",
        ]


class _ClearedByAnotherThread(dict):
    """The memo of stems as another request's thread leaves it: cleared (past its bound) right
    after this thread found a word in it, before this thread reads the word's stem."""

    def __contains__(self, word):
        found = super().__contains__(word)
        self.clear()
        return found

    def get(self, word, default=None):
        found = super().get(word, default)
        self.clear()
        return found


@pytest.mark.parametrize("url", ["/soeg/", "/idekatalog/"])
def test_a_stem_forgotten_by_another_thread_is_stemmed_again(ideas, client, monkeypatch, url):
    """Under gunicorn's threads the memo is shared: another request may clear it (past its
    bound) between this one's check and its read. The word is stemmed again, never a 500."""
    from catalogue import search

    stems("borgerne")
    memo = _ClearedByAnotherThread(search._STEMS)
    monkeypatch.setattr(search, "_STEMS", memo)
    response = client.get(url, {"q": "borgerne"})
    assert response.status_code == 200
    assert "Digitalt borgerpanel" in response.content.decode()
    assert stems("borgerne") == [("borgerne", "borg")]


def test_the_memo_of_stems_is_bounded(db, monkeypatch):
    from catalogue import search

    monkeypatch.setattr(search, "_STEMS_KEPT", 10)
    for number in range(30):
        stems(f"ord{number} skolen{number}")
        assert len(search._STEMS) <= 10 + search.MAX_WORDS
    assert stems("og i at") == []
    assert stems("skolen") == [("skolen", "skol")]
