"""Dialogues: scripts as validated data, and one engine that walks any of them."""
