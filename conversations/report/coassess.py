"""The check-in section's co-assessment part: "what we heard" reach, suggested questions
(quotable ones in their words, under the pseudonym), questions adopted from them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from conversations.report import texts
from conversations.report.model import CheckinReport

if TYPE_CHECKING:
    from conversations.i18n.words import Words
    from conversations.report.compose import Writer


def coassessment(checkin: CheckinReport, out: Writer, words: Words) -> None:
    """Write the part, if there is anything to say."""
    found = checkin.coassessment
    if not (found.heard or found.left_out or found.suggestions or found.unquoted or found.adopted):
        return
    out.subheading(words.say("REPORT_COASSESS_HEAD"))
    reach = [words.plural("REPORT_HEARD", found.heard)]
    for reason, count in sorted(found.left_out.items()):
        group = words.say(f"LEFT_OUT_GROUPS.{reason}") if reason else reason
        reach.append(words.say("CHECKIN_HEARD_LEFT_OUT", group=group, count=count))
    out.para(" ".join(reach))
    if found.suggestions or found.unquoted:
        out.para(words.say("REPORT_SUGGESTIONS_HEAD"))
        if found.suggestions:
            out.quotes(found.suggestions)
        if found.unquoted:
            out.para(words.plural("REPORT_SUGGESTIONS_UNQUOTED", found.unquoted), note=True)
    if found.adopted:
        out.para(words.say("REPORT_ADOPTED_HEAD"))
        out.bullets(
            [
                words.say("REPORT_ADOPTED", day=texts.long_day(day, words), text=text)
                for day, text in found.adopted
            ]
        )
