"""What the meetings app adds to every page: for the header and the home page, whether the
user prepares meetings (``rules.may_prepare``) with what waits on them, and the next meetings
of the user's committees."""

from functools import cached_property

from meetings import rules

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


def meetings(request):
    return {"meetings_for_user": MeetingsForUser(request.user)}
