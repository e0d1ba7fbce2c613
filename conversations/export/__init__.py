"""Exports of a project's data: what each table holds, how cells are made safe, the formats.

Pure: rows come in as tuples from storage/export.py and go out as lines of a file.
"""
