"""A staff- or project-written text keeps every language's words through the database."""

from __future__ import annotations

from conversations.texts_by_language import Text, from_stored, to_stored


def test_a_text_round_trips_through_its_stored_string() -> None:
    both = Text({"en": "Which day suits you?", "cy": "Pa ddiwrnod sy'n gyfleus?"})
    assert from_stored(to_stored(both)).in_("cy") == "Pa ddiwrnod sy'n gyfleus?"
    assert from_stored(to_stored(both)).languages == ("en", "cy")
    assert to_stored(Text("Plain words")) == "Plain words"
    assert from_stored("{not json, a resident's words}") == "{not json, a resident's words}"
    assert from_stored("text/json:{broken") == "text/json:{broken"
