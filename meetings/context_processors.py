"""What the meetings app adds to every page: for the header and the home page, whether the
user prepares meetings (``rules.may_prepare``) with what waits on them, the next meetings
of the user's committees and the items of theirs changed since the user read them."""

from functools import cached_property

from meetings import rules, versions

NEXT_MEETINGS = 3


class MeetingsForUser:
    """Each part is read when a template first asks for it, and once per request: a response
    that shows none of it (an htmx fragment, a document) costs no query."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def may_prepare(self) -> bool:
        return rules.may_prepare(self.user)

    @cached_property
    def waiting(self) -> dict[str, int] | None:
        """What waits on the secretariat (``MeetingQuerySet.waiting_counts``), for those who
        prepare meetings; ``None`` for anyone else. One query."""
        from meetings.models import Meeting

        if not self.may_prepare:
            return None
        return Meeting.objects.visible_to(self.user).waiting_counts()

    @cached_property
    def next_meetings(self) -> list:
        """The next meetings of the committees the user is a member of, as far as the user
        may see them. One query."""
        from meetings.models import Meeting

        if not self.user.is_authenticated:
            return []
        meetings = (
            Meeting.objects.visible_to(self.user)
            .of_committees_of(self.user)
            .upcoming()
            .select_related("committee")
        )
        return list(meetings[:NEXT_MEETINGS])

    @cached_property
    def changed_items(self) -> list:
        """The items of the upcoming meetings of the user's committees that changed in an
        agenda sent out since the user read them, or came with it unread (``versions.marks``;
        ``item.read_mark`` says which), in the order of the meetings and their agendas. At
        most three queries."""
        from meetings.models import AgendaItem, Meeting

        if not self.user.is_authenticated:
            return []
        meetings = (
            Meeting.objects.visible_to(self.user)
            .of_committees_of(self.user)
            .upcoming()
            .filter(state=Meeting.State.PUBLISHED)
        )
        latest = versions.latest_versions(meetings.values("pk"))
        item_ids = [int(key) for _number, _at, index in latest.values() for key in index]
        if not item_ids:
            return []
        reads = versions.reads_of(self.user, item_ids)
        marked = {}
        for _number, published_at, index in latest.values():
            marked |= versions.marks(index, published_at, reads)
        if not marked:
            return []
        items = (
            AgendaItem.objects.visible_to(self.user)
            .filter(pk__in=marked)
            .select_related("meeting")
            .order_by("meeting__starts_at", "number")
        )
        found = []
        for item in items:
            if versions.keeps_read_marks(self.user, item):
                item.read_mark = marked[item.pk]
                found.append(item)
        return found


def meetings(request):
    return {"meetings_for_user": MeetingsForUser(request.user)}
