"""Where the long authoring runs (the gap search, `rules diff`) report progress.

The CLI passes a rich `Progress`; tests and scripts pass nothing and get `Silent`. Authoring
never imports rich itself: only the edges (cli, web) draw on a terminal.
"""

from __future__ import annotations

from typing import Any, Protocol


class Tracker(Protocol):
    """Where progress goes (rich's `Progress` is one)."""

    def add_task(self, description: str, *, total: float | None = ...) -> Any: ...

    def advance(self, task_id: Any, advance: float = 1) -> None: ...


class Silent:
    """A tracker that shows nothing."""

    def add_task(self, description: str, *, total: float | None = None) -> int:
        return 0

    def advance(self, task_id: Any, advance: float = 1) -> None:
        pass
