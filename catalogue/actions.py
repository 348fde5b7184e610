"""Writes on ideas: the curation workflow, notes, links, support, comments and workshop capture.

Each function checks its rules first and raises ``ActionError`` with a message for the user;
everything runs in one transaction, so a refused action leaves nothing half-saved.

The workflow is the table ``ALLOWED_TRANSITIONS``, read here and nowhere else: for each
(from, to) pair, who may make the step. ``SUBMITTER`` steps are the submitter's own (hand in a
draft, resubmit after clarifying); every other step is the secretariat's. An answer is required
on the steps ``answer_required`` names: asking for clarification, rejecting (the reason), and
resubmitting after clarification (the submitter's answer to the question); a date to revisit is
required for ``parked`` and cleared when the idea leaves it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalogue import documents, querysets
from catalogue.models import (
    ActorType,
    Comment,
    Edition,
    Endorsement,
    Idea,
    IdeaLink,
    IdeaStatusChange,
    InternalNote,
    Principle,
    WelfareArea,
)


class ActionError(Exception):
    """A rule forbids the action; the message is meant for the user."""


class StatusMoved(ActionError):
    """The idea is no longer in the status the page that asked showed (someone else moved it
    meanwhile): nothing was changed."""


S = Idea.Status
SUBMITTER = "submitter"
SECRETARIAT = "secretariat"

ALLOWED_TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.SUBMITTED): SUBMITTER,
    (S.SUBMITTED, S.UNDER_REVIEW): SECRETARIAT,
    (S.SUBMITTED, S.NEEDS_CLARIFICATION): SECRETARIAT,
    (S.SUBMITTED, S.PUBLISHED): SECRETARIAT,
    (S.SUBMITTED, S.REJECTED): SECRETARIAT,
    (S.UNDER_REVIEW, S.NEEDS_CLARIFICATION): SECRETARIAT,
    (S.UNDER_REVIEW, S.PUBLISHED): SECRETARIAT,
    (S.UNDER_REVIEW, S.REJECTED): SECRETARIAT,
    (S.NEEDS_CLARIFICATION, S.SUBMITTED): SUBMITTER,
    (S.NEEDS_CLARIFICATION, S.REJECTED): SECRETARIAT,
    (S.PUBLISHED, S.SELECTED): SECRETARIAT,
    (S.PUBLISHED, S.PARKED): SECRETARIAT,
    (S.PUBLISHED, S.REJECTED): SECRETARIAT,
    (S.PUBLISHED, S.UNDER_REVIEW): SECRETARIAT,
    (S.PARKED, S.PUBLISHED): SECRETARIAT,
    (S.PARKED, S.SELECTED): SECRETARIAT,
    (S.PARKED, S.REJECTED): SECRETARIAT,
    (S.SELECTED, S.PUBLISHED): SECRETARIAT,
    (S.SELECTED, S.PARKED): SECRETARIAT,
    (S.REJECTED, S.UNDER_REVIEW): SECRETARIAT,
}
ANSWER_REQUIRED = (S.NEEDS_CLARIFICATION, S.REJECTED)
RESUBMISSION = (S.NEEDS_CLARIFICATION, S.SUBMITTED)
REQUIRED_TO_SUBMIT = ("title", "summary", "welfare_area")
ANSWER_MAX = IdeaStatusChange._meta.get_field("answer").max_length
NOTE_MAX = InternalNote._meta.get_field("text").max_length
COMMENT_MAX = Comment._meta.get_field("text").max_length


def may_make(user, idea: Idea, to_status: str) -> bool:
    """Whether ``user`` may move ``idea`` to ``to_status`` (for the pages' buttons)."""
    who = ALLOWED_TRANSITIONS.get((idea.status, to_status))
    if who is None or user is None or not user.is_authenticated or not user.is_active:
        return False
    if who == SUBMITTER:
        return idea.submitted_by_id == user.pk
    return querysets.can_curate(user)


def answer_required(from_status: str, to_status: str) -> bool:
    """Whether the step needs an answer: the question when the secretariat asks for
    clarification, the reason for a rejection, the submitter's answer when they resubmit."""
    return to_status in ANSWER_REQUIRED or (from_status, to_status) == RESUBMISSION


def allowed_transitions(idea: Idea, user) -> list[str]:
    """The statuses ``user`` may move ``idea`` to, in workflow order."""
    return [status for status in S.values if may_make(user, idea, status)]


def _lock(ideas) -> list[Idea]:
    pks = sorted({idea.pk for idea in ideas})
    return list(Idea.objects.select_for_update().filter(pk__in=pks).order_by("pk"))


def _check_answer(answer: str) -> str:
    answer = (answer or "").strip()
    if len(answer) > ANSWER_MAX:
        raise ActionError(
            _("The answer is %(length)d characters long; at most %(max)d are allowed.")
            % {"length": len(answer), "max": ANSWER_MAX}
        )
    return answer


def _missing_to_submit(idea: Idea) -> list[str]:
    missing = []
    for name in REQUIRED_TO_SUBMIT:
        value = getattr(idea, f"{name}_id" if name == "welfare_area" else name)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(str(Idea._meta.get_field(name).verbose_name))
    return missing


def _check_step(idea: Idea, to_status: str, by, answer: str, revisit_on) -> None:
    if to_status not in S.values:
        raise ActionError(_("Unknown status: %(status)s") % {"status": to_status})
    if idea.status == to_status:
        raise ActionError(
            _("“%(title)s” is already %(status)s.")
            % {"title": idea.title, "status": idea.get_status_display().lower()}
        )
    who = ALLOWED_TRANSITIONS.get((idea.status, to_status))
    if who is None:
        raise ActionError(
            _("“%(title)s” cannot go from %(from)s to %(to)s.")
            % {
                "title": idea.title,
                "from": idea.get_status_display().lower(),
                "to": S(to_status).label.lower(),
            }
        )
    if not may_make(by, idea, to_status):
        if who == SUBMITTER:
            raise ActionError(_("Only the submitter can submit the idea."))
        raise ActionError(_("Only the secretariat can change the status of an idea."))
    if answer_required(idea.status, to_status) and not answer:
        if to_status == S.REJECTED:
            raise ActionError(_("Give the reason for rejecting the idea: the submitter sees it."))
        if to_status == S.SUBMITTED:
            raise ActionError(_("Answer the secretariat's question before you resubmit the idea."))
        raise ActionError(_("Write what needs clarifying: the submitter sees it."))
    if to_status == S.PARKED and not isinstance(revisit_on, datetime.date):
        raise ActionError(_("A parked idea needs a date to revisit it."))
    if to_status == S.SUBMITTED:
        missing = _missing_to_submit(idea)
        if missing:
            raise ActionError(
                _("Fill in before submitting: %(fields)s.") % {"fields": ", ".join(missing)}
            )


def _apply_step(idea: Idea, to_status: str, by, answer: str, revisit_on) -> IdeaStatusChange:
    now = timezone.now()
    from_status = idea.status
    idea.status = to_status
    idea.revisit_on = revisit_on if to_status == S.PARKED else None
    idea.status_changed_at = now
    idea.save(update_fields=["status", "revisit_on", "status_changed_at", "updated_at"])
    return IdeaStatusChange.objects.create(
        idea=idea,
        from_status=from_status,
        to_status=to_status,
        by=by,
        at=now,
        answer=answer,
        revisit_on=idea.revisit_on,
    )


def check_expected(ideas, expected):
    """Refuse when an idea is not in the status the asking page showed (``expected``: status
    by primary key; an idea not in it is not checked)."""
    moved = [idea for idea in ideas if expected.get(idea.pk, idea.status) != idea.status]
    if moved:
        raise StatusMoved(
            ngettext(
                "Someone changed the status while you had the page open: %(ideas)s. Nothing "
                "was changed; look at the idea again before you change it.",
                "Someone changed the status while you had the page open: %(ideas)s. Nothing "
                "was changed; look at the ideas again before you change them.",
                len(moved),
            )
            % {
                "ideas": ", ".join(
                    _("“%(title)s” is now “%(status)s”")
                    % {"title": idea.title, "status": idea.get_status_display()}
                    for idea in moved
                )
            }
        )


@transaction.atomic
def change_status(
    *,
    idea: Idea,
    to_status: str,
    by,
    answer: str = "",
    revisit_on=None,
    expected_status: str | None = None,
) -> IdeaStatusChange:
    """Move one idea a step through the workflow and record who, when and the answer.
    ``expected_status``: the status the asking page showed; if the idea has moved since,
    ``StatusMoved`` is raised and nothing changes."""
    answer = _check_answer(answer)
    [locked] = _lock([idea]) or [None]
    if locked is None:
        raise ActionError(_("The idea no longer exists."))
    if expected_status:
        check_expected([locked], {locked.pk: expected_status})
    _check_step(locked, to_status, by, answer, revisit_on)
    change = _apply_step(locked, to_status, by, answer, revisit_on)
    idea.refresh_from_db()
    return change


@transaction.atomic
def submit_idea(
    *, idea: Idea, by, answer: str = "", expected_status: str | None = None
) -> IdeaStatusChange:
    """The submitter hands in a draft, or resubmits an idea after clarifying it: then with
    ``answer``, their answer to the secretariat's question, kept on the step.
    ``expected_status``: as for ``change_status``."""
    return change_status(
        idea=idea, to_status=S.SUBMITTED, by=by, answer=answer, expected_status=expected_status
    )


@transaction.atomic
def bulk_change_status(
    *, ideas, to_status: str, by, answer: str = "", revisit_on=None, expected=None
) -> list[IdeaStatusChange]:
    """Move several ideas to one status, all or nothing: if one may not move, none moves.
    ``expected``: the status the asking page showed, by primary key (``StatusMoved`` if one
    has moved since)."""
    answer = _check_answer(answer)
    ideas = list(ideas)
    if not ideas:
        raise ActionError(_("Choose at least one idea."))
    locked = _lock(ideas)
    if len(locked) != len({idea.pk for idea in ideas}):
        raise ActionError(_("One of the ideas no longer exists."))
    check_expected(locked, expected or {})
    errors = []
    for idea in locked:
        try:
            _check_step(idea, to_status, by, answer, revisit_on)
        except ActionError as error:
            errors.append(str(error))
    if errors:
        raise ActionError(
            ngettext(
                "Nothing was changed. %(count)d idea cannot move: %(errors)s",
                "Nothing was changed. %(count)d ideas cannot move: %(errors)s",
                len(errors),
            )
            % {"count": len(errors), "errors": " ".join(errors)}
        )
    return [_apply_step(idea, to_status, by, answer, revisit_on) for idea in locked]


@transaction.atomic
def add_internal_note(*, idea: Idea, author, text: str) -> InternalNote:
    if not querysets.can_curate(author):
        raise ActionError(_("Only the secretariat writes internal notes."))
    text = (text or "").strip()
    if not text:
        raise ActionError(_("The note is empty."))
    if len(text) > NOTE_MAX:
        raise ActionError(
            _("The note is %(length)d characters long; at most %(max)d are allowed.")
            % {"length": len(text), "max": NOTE_MAX}
        )
    if not Idea.objects.visible_to(author).filter(pk=idea.pk).exists():
        raise ActionError(_("The idea no longer exists."))
    return InternalNote.objects.create(idea=idea, author=author, text=text)


@transaction.atomic
def link_ideas(*, from_idea: Idea, to_idea: Idea, kind: str, by) -> IdeaLink:
    """Link two ideas (``from_idea`` is a duplicate of / part of / supersedes / is related to
    ``to_idea``). Support and comments stay where they are: nothing is merged away.

    The secretariat links any ideas; a submitter links the idea they are still editing (“this
    is the same as …”, “builds on …” while submitting)."""
    if not (querysets.can_curate(by) or querysets.can_edit(by, from_idea)):
        raise ActionError(_("Only the secretariat links ideas."))
    if kind not in IdeaLink.Kind.values:
        raise ActionError(_("Unknown kind of link: %(kind)s") % {"kind": kind})
    if from_idea.pk == to_idea.pk:
        raise ActionError(_("An idea cannot be linked to itself."))
    visible = Idea.objects.visible_to(by).filter(pk__in=[from_idea.pk, to_idea.pk])
    if visible.count() != 2:
        raise ActionError(_("One of the ideas no longer exists."))
    pair = Q(from_idea=from_idea, to_idea=to_idea) | Q(from_idea=to_idea, to_idea=from_idea)
    if IdeaLink.objects.filter(pair).exists():
        raise ActionError(_("These two ideas are already linked."))
    try:
        with transaction.atomic():
            return IdeaLink.objects.create(
                from_idea=from_idea, to_idea=to_idea, kind=kind, created_by=by
            )
    except IntegrityError as error:
        raise ActionError(_("These two ideas are already linked.")) from error


def _check_taking_part(idea: Idea, user) -> None:
    if user is None or not user.is_authenticated or not user.is_active:
        raise ActionError(_("Log in to take part."))
    if not Idea.objects.visible_to(user).filter(pk=idea.pk).exists():
        raise ActionError(_("The idea no longer exists."))
    idea.refresh_from_db(fields=["status", "submitted_by"])
    if not querysets.can_take_part(user, idea):
        raise ActionError(_("Only ideas in the catalogue can be supported and discussed."))


@transaction.atomic
def endorse(*, idea: Idea, user) -> Endorsement:
    """Support an idea in the catalogue: once per user, never one's own."""
    _check_taking_part(idea, user)
    if idea.submitted_by_id == user.pk:
        raise ActionError(_("You cannot support your own idea."))
    if Endorsement.objects.filter(idea=idea, user=user).exists():
        raise ActionError(_("You already support this idea."))
    try:
        with transaction.atomic():
            return Endorsement.objects.create(idea=idea, user=user)
    except IntegrityError as error:
        raise ActionError(_("You already support this idea.")) from error


@transaction.atomic
def withdraw_endorsement(*, idea: Idea, user) -> None:
    """Withdraw one's own support (nobody else can remove it)."""
    deleted, _rows = Endorsement.objects.filter(idea=idea, user=user).delete()
    if not deleted:
        raise ActionError(_("You do not support this idea."))


@transaction.atomic
def comment(*, idea: Idea, author, text: str, parent: Comment | None = None) -> Comment:
    """Comment on an idea in the catalogue, or reply to a comment on it."""
    _check_taking_part(idea, author)
    text = (text or "").strip()
    if not text:
        raise ActionError(_("The comment is empty."))
    if len(text) > COMMENT_MAX:
        raise ActionError(
            _("The comment is %(length)d characters long; at most %(max)d are allowed.")
            % {"length": len(text), "max": COMMENT_MAX}
        )
    if parent is not None and parent.idea_id != idea.pk:
        raise ActionError(_("A reply belongs to the same idea."))
    return Comment.objects.create(idea=idea, author=author, text=text, parent=parent)


def _terms(model, values, label):
    """Look up list entries given as objects, primary keys or slugs."""
    found = []
    for value in values or []:
        if isinstance(value, model):
            found.append(value)
            continue
        field = "pk" if isinstance(value, int) else "slug"
        term = model.objects.filter(**{field: value}).first()
        if term is None:
            raise ActionError(_("Unknown %(list)s: %(value)s") % {"list": label, "value": value})
        found.append(term)
    return found


CAPTURE_FIELDS = {
    "title",
    "summary",
    "description",
    "actor_types",
    "welfare_area",
    "tags",
    "principles",
    "dis_dimensions",
    "expected_value",
    "effort",
    "contact",
    "mandate_task",
}


@transaction.atomic
def capture_workshop_results(*, group, ideas: list[dict], by) -> list[Idea]:
    """Record a workshop group's results as submitted ideas with ``origin`` set to the group.

    Each entry of ``ideas`` gives ``title`` and ``summary`` and optionally the other fields of
    ``CAPTURE_FIELDS``; list entries as objects, primary keys or slugs. All or nothing."""
    if not querysets.can_curate(by):
        raise ActionError(_("Only the secretariat records the results of workshop groups."))
    if not ideas:
        raise ActionError(_("Add at least one idea."))
    created = []
    for number, data in enumerate(ideas, start=1):
        unknown = set(data) - CAPTURE_FIELDS
        if unknown:
            raise ActionError(
                _("Idea %(number)d: unknown fields %(fields)s")
                % {"number": number, "fields": ", ".join(sorted(unknown))}
            )
        welfare_area = data.get("welfare_area")
        if welfare_area is not None and not isinstance(welfare_area, WelfareArea):
            welfare_area = _terms(WelfareArea, [welfare_area], _("welfare area"))[0]
        idea = Idea(
            title=(data.get("title") or "").strip(),
            summary=(data.get("summary") or "").strip(),
            description=(data.get("description") or "").strip(),
            welfare_area=welfare_area,
            dis_dimensions=list(data.get("dis_dimensions") or []),
            expected_value=data.get("expected_value") or "",
            effort=data.get("effort") or "",
            contact=(data.get("contact") or group.name)[:200],
            mandate_task=data.get("mandate_task"),
            origin=group,
            submitted_by=by,
            status=S.SUBMITTED,
        )
        try:
            idea.full_clean(exclude=["search"])
        except ValidationError as error:
            messages = [
                f"{Idea._meta.get_field(field).verbose_name}: {' '.join(errs)}"
                if field != "__all__"
                else " ".join(errs)
                for field, errs in error.message_dict.items()
            ]
            raise ActionError(
                _("Idea %(number)d: %(errors)s") % {"number": number, "errors": " ".join(messages)}
            ) from error
        missing = _missing_to_submit(idea)
        if missing:
            raise ActionError(
                _("Idea %(number)d: fill in %(fields)s.")
                % {"number": number, "fields": ", ".join(missing)}
            )
        idea.save()
        idea.actor_types.set(_terms(ActorType, data.get("actor_types"), _("actor type")))
        idea.principles.set(_terms(Principle, data.get("principles"), _("principle")))
        if data.get("tags"):
            idea.tags.set(list(data["tags"]))
        IdeaStatusChange.objects.create(
            idea=idea,
            from_status="",
            to_status=S.SUBMITTED,
            by=by,
            at=idea.status_changed_at,
            answer=_("Recorded from the workshop group “%(group)s”.") % {"group": group.name},
        )
        created.append(idea)
    return created


EDITION_NOTE_MAX = Edition._meta.get_field("note").max_length


@transaction.atomic
def publish_edition(*, by, note: str = "") -> Edition:
    """Publish the next numbered edition of the catalogue document (the secretariat only).

    The newest edition is locked while the next number is taken, so two secretariat members
    publishing at once get two numbers, one after the other."""
    if not querysets.can_curate(by):
        raise ActionError(_("Only the secretariat publishes editions of the catalogue."))
    note = (note or "").strip()
    if len(note) > EDITION_NOTE_MAX:
        raise ActionError(
            _("The note is %(length)d characters long; at most %(max)d are allowed.")
            % {"length": len(note), "max": EDITION_NOTE_MAX}
        )
    newest = Edition.objects.select_for_update().order_by("-number").first()
    number = newest.number + 1 if newest else 1
    try:
        with transaction.atomic():
            return Edition.objects.create(
                number=number,
                published_by=by,
                note=note,
                published_at=timezone.now(),
                snapshot=documents.snapshot(),
            )
    except IntegrityError:
        raise ActionError(
            _("Another edition was published at the same moment. Try again.")
        ) from None
