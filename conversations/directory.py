"""The loaded projects, found by id or by invite code."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from conversations.projects import Project


class ProjectDirectory:
    """Every project Tandem runs, as loaded from PROJECTS_DIR."""

    def __init__(self, projects: Iterable[Project] = ()) -> None:
        self._by_id = {p.id: p for p in projects}
        # Codes typed by hand (/join) should not fail on letter case.
        self._by_code = {p.invite_code.casefold(): p for p in self._by_id.values()}

    def __iter__(self) -> Iterator[Project]:
        return iter(sorted(self._by_id.values(), key=lambda p: p.id))

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, project_id: str | None) -> Project | None:
        """The project with this id, if loaded."""
        return self._by_id.get(project_id) if project_id else None

    def by_invite_code(self, code: str) -> Project | None:
        """The project this invite code joins, if any."""
        return self._by_code.get(code.strip().casefold())

    def ids(self) -> list[str]:
        """Project ids, sorted."""
        return sorted(self._by_id)
