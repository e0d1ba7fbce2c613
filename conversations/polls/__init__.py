"""Prototype polls: built in chat, sent to a cohort, answered with a "why?", refined and
sent again as a new version. Pure: no Telegram, no storage.
"""
