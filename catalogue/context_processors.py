"""What the catalogue adds to every page: for the header and the home page, whether the user
submits ideas (``querysets.can_submit``) and how their ideas stand, and whether the user
curates (``querysets.can_curate``) with how many ideas wait for curation."""

from functools import cached_property

from catalogue import querysets


class IdeasForUser:
    """Each part is read when a template first asks for it, and once per request: a response
    that shows none of it (an htmx fragment, a document) costs no query."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def may_submit(self) -> bool:
        return querysets.can_submit(self.user)

    @cached_property
    def may_curate(self) -> bool:
        return querysets.can_curate(self.user)

    @cached_property
    def curation(self) -> dict[str, int] | None:
        """For curators: ``waiting`` (handed in, waiting on the secretariat) and
        ``with_submitters`` (sent back for clarification); ``None`` for anyone else. One
        query."""
        from catalogue.models import Idea

        if not self.may_curate:
            return None
        counts = (
            Idea.objects.visible_to(self.user)
            .filter(status__in=[*querysets.AWAITING_CURATION, querysets.NEEDS_CLARIFICATION])
            .status_counts()
        )
        return {
            "waiting": sum(counts.get(status, 0) for status in querysets.AWAITING_CURATION),
            "with_submitters": counts.get(querysets.NEEDS_CLARIFICATION, 0),
        }

    @cached_property
    def mine(self) -> dict[str, int] | None:
        """For submitters: how their own ideas stand, ``answer`` (waiting for their answer),
        ``drafts``, ``with_secretariat``, ``in_catalogue``, ``rejected`` and the ``total``;
        ``None`` for anyone else. One query."""
        from catalogue.models import Idea

        if not self.may_submit:
            return None
        counts = Idea.objects.submitted_by(self.user).visible_to(self.user).status_counts()

        def count(*statuses):
            return sum(counts.get(status, 0) for status in statuses)

        return {
            "answer": count(querysets.NEEDS_CLARIFICATION),
            "drafts": count(querysets.DRAFT),
            "with_secretariat": count(*querysets.AWAITING_CURATION),
            "in_catalogue": count(*querysets.PUBLIC_STATUSES),
            "rejected": count(querysets.REJECTED),
            "total": sum(counts.values()),
        }


def ideas(request):
    return {"ideas_for_user": IdeasForUser(request.user)}
