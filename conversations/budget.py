"""The message budget in words: who a message left out and why, and what a project's own
schedule spends of its weekly cap (storage/budget.py counts it in the database)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from conversations import catalogue
from conversations.i18n import dates
from conversations.i18n.words import Words, english
from conversations.projects import Project

# The order reasons are told in; anything else comes last, as "another reason".
REASONS = ("weekly cap", "quiet hours", "paused", "blocked", "left", "poll closed")
QUIET = "quiet hours"
LIST_LIMIT = 60  # pseudonyms per reason in one message (Telegram allows 4,096 characters)


def plural(count: int, forms: tuple[str, str], **more: object) -> str:
    """One of a catalogue entry's (one, other) forms, filled in."""
    return forms[0 if count == 1 else 1].format(count=count, **more)


@dataclass(frozen=True, slots=True)
class LeftOut:
    """Who a message was not sent to, by reason, and who waits for quiet hours to end."""

    reasons: Mapping[str, int] = field(default_factory=dict)
    held: int = 0
    held_until: datetime | None = None

    @property
    def not_sent(self) -> int:
        """Everyone left out for good (those held for quiet hours will still get it)."""
        return sum(self.reasons.values())


def _order(reason: str) -> int:
    return REASONS.index(reason) if reason in REASONS else len(REASONS)


def left_out_line(left: LeftOut, words: Words | None = None) -> str:
    """E.g. "2 not sent: 1 at this week's limit, 1 paused" and who is held until when, in
    ``words``' language (English if None)."""
    words = words or english()
    lines = []
    if left.not_sent:
        known = sorted(left.reasons.items(), key=lambda item: _order(item[0]))
        parts = [
            words.plural(f"LEFT_OUT_REASONS.{reason}", n)
            for reason, n in known
            if n and reason in catalogue.LEFT_OUT_REASONS
        ]
        other = sum(n for reason, n in known if reason not in catalogue.LEFT_OUT_REASONS)
        if other:
            parts.append(words.plural("LEFT_OUT_OTHER", other))
        reasons = dates.listed(parts, words.lang)
        lines.append(words.plural("LEFT_OUT", left.not_sent, reasons=reasons))
    if left.held and left.held_until is not None:
        until = dates.weekday_time(left.held_until, words.lang)
        lines.append(words.plural("HELD_QUIET", left.held, until=until))
    return "\n".join(lines)


def left_out_list(what: str, who: Sequence[tuple[str, str]], words: Words | None = None) -> str:
    """Pseudonyms per reason, from (reason, pseudonym) pairs; never names or ids. ``what``
    is the kind of message (poll, update, checkin); in ``words``' language (English if None)."""
    words = words or english()
    if not who:
        return words.say("LEFT_OUT_NOBODY")
    groups: dict[str, list[str]] = {}
    for reason, pseudonym in who:
        known = reason if reason in catalogue.LEFT_OUT_GROUPS else ""
        groups.setdefault(known, []).append(pseudonym)
    kind = words.say(f"LEFT_OUT_WHAT.{what}") if what in catalogue.LEFT_OUT_WHAT else what
    lines = [words.say("LEFT_OUT_HEAD", what=kind)]
    for reason in sorted(groups, key=lambda r: _order(r) if r else len(REASONS)):
        names = groups[reason]
        title = words.say(f"LEFT_OUT_GROUPS.{reason}" if reason else "LEFT_OUT_GROUP_OTHER")
        shown = ", ".join(names[:LIST_LIMIT])
        if len(names) > LIST_LIMIT:
            shown += " " + words.plural("LEFT_OUT_MORE", len(names) - LIST_LIMIT)
        lines.append(
            words.say("LEFT_OUT_GROUP_LINE", group=title, count=len(names), pseudonyms=shown)
        )
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class ProjectBudget:
    """What a project's own schedules send in a week, against its cap."""

    project_id: str
    cap: int
    invites: int  # check-in invitations, at most, in any week
    reminders: int  # check-in reminders, at most, to those who have not answered yet
    diary: int  # diary prompts and reminders a week, at most: counted apart
    heard: int = 0  # "what we heard" after each check-in's cycle, to those who answered

    @property
    def room(self) -> int:
        """What is left of the cap for polls and updates in a week with every check-in."""
        return max(self.cap - self.invites, 0)

    def line(self) -> str:
        """The budget in one line, for `tandem validate`."""
        text = catalogue.BUDGET_LINE.format(
            project=self.project_id,
            cap=self.cap,
            scheduled=plural(self.invites, catalogue.BUDGET_SCHEDULED),
            room=self.room,
        )
        if self.reminders:
            text += plural(self.reminders, catalogue.BUDGET_REMINDERS)
        if self.heard:
            text += plural(self.heard, catalogue.BUDGET_HEARD)
        if self.diary:
            text += catalogue.BUDGET_DIARY.format(diary=self.diary)
        return text

    def warning(self) -> str | None:
        """A "warning: ..." line when the project's own schedule cannot fit its cap."""
        if self.invites >= self.cap:
            problem = catalogue.BUDGET_NO_ROOM
            if self.invites > self.cap:
                problem = catalogue.BUDGET_OVER
            scheduled = self.invites
        elif self.invites + self.reminders > self.cap:
            problem = catalogue.BUDGET_NO_REMINDERS
            scheduled = self.invites + self.reminders
        else:
            return None
        return catalogue.BUDGET_WARNING.format(
            project=self.project_id,
            scheduled=plural(scheduled, catalogue.BUDGET_SCHEDULED),
            cap=self.cap,
            problem=problem,
        )


def project_budget(project: Project) -> ProjectBudget:
    """The most a project's file schedules in one week: each check-in opens at most once a
    week (fortnightly and monthly ones too, in the weeks they fall), plus its reminder, and its
    "what we heard" to those who answered."""
    invites = len(project.checkins)
    reminders = sum(c.reminder_after_hours is not None for c in project.checkins)
    diary = 0
    if project.diary is not None:
        days = len(project.diary.days_of_week)
        # One reminder a day at most, however many prompts the day has.
        diary = days * len(project.diary.prompt_times) + (
            days if project.diary.nudge_after_minutes else 0
        )
    heard = len(project.checkins)  # each cycle's "what we heard" (bot/checkin_heard.py)
    return ProjectBudget(
        project.id, project.max_messages_per_week, invites, reminders, diary, heard
    )
