"""Words too long for a line wrap: the idea page and the agenda item page never grow wider than
the window, on a phone or a desktop."""

import pytest

from catalogue.models import Idea
from tests.catalogue.factories import IdeaFactory
from tests.long_words import LONG_URL, LONG_WORD
from tests.meetings.factories import AgendaItemFactory, ItemSectionFactory, MeetingFactory


@pytest.fixture
def pages_with_long_words(seeded):
    idea = IdeaFactory(
        title=LONG_WORD[:200],
        summary=f"Se {LONG_URL}",
        description=f"{LONG_WORD}\n\n{LONG_URL}",
        status=Idea.Status.PUBLISHED,
        contact=LONG_URL[:200],
    )
    idea.tags.set([LONG_WORD[:100]])
    item = AgendaItemFactory(meeting=MeetingFactory(title=LONG_WORD), title=LONG_WORD)
    ItemSectionFactory(item=item, text=f"{LONG_WORD}\n\nLæs mere: {LONG_URL}")
    return [idea.get_absolute_url(), item.get_absolute_url()]


@pytest.mark.parametrize("width", [360, 1280])
def test_long_words_wrap_within_the_window(page, pages_with_long_words, width):
    page.set_viewport_size({"width": width, "height": 800})
    overflow = {}
    for url in pages_with_long_words:
        page.goto(url)
        assert LONG_WORD[:200] in page.locator("h1").inner_text().replace("\n", "")
        overflow[url] = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    assert overflow == dict.fromkeys(pages_with_long_words, 0), f"px wider than {width} px"
