"""Words too common to be a theme, per language: stop words and the filler of everyday answers.

English is listed here; other languages ship as a data file beside this module, LANG.txt
(words separated by spaces or lines; lines starting # are comments). A language with no
list has no stop words: its themes are plain lower-cased words, which still works.
"""

from __future__ import annotations

import functools
from importlib import resources

_WORDS = """
    about above after again against all also although always among and another any anybody
    anyone anything anyway are aren around because been before being below between both but
    can cannot could couldn did didn does doesn doing don done down during each either else
    enough especially etc even ever every everybody everyone everything few for from further
    get gets getting give given goes going gone got had hadn has hasn have haven having her
    here hers herself him himself his how however isn its itself just keep know lot lots
    made make makes making many may maybe might mine more most much must mustn myself need
    needs never not nothing now off often once one ones only onto other others otherwise our
    ours ourselves out over own per perhaps please put quite rather really said same say
    says see seem seems shall she should shouldn since some somebody someone something
    sometimes somewhat still such sure take than thank thanks that the their theirs them
    themselves then there these they thing things think this those though through thus too
    toward towards under until upon use used using very want wants was wasn way well went
    were weren what whatever when where whether which while who whom whose why will with
    within without won would wouldn yes yet you your yours yourself yourselves able like
    bit kind sort okay lol etc ive dont cant wont isnt thats theyre youre also into let
"""
STOP_WORDS = frozenset(_WORDS.split())


@functools.cache
def stop_words(lang: str) -> frozenset[str]:
    """The stop words of a language (its base code: cy for cy_GB); empty if none is shipped."""
    base = lang.replace("-", "_").split("_")[0].lower()
    if base == "en":
        return STOP_WORDS
    if not base.isalpha():
        return frozenset()
    listed = resources.files(__package__).joinpath(f"{base}.txt")
    if not listed.is_file():
        return frozenset()
    lines = listed.read_text(encoding="utf-8").splitlines()
    words = " ".join(line for line in lines if not line.lstrip().startswith("#")).split()
    return frozenset(word.casefold() for word in words)
