"""The ruleset a server is serving now, and how an edited rules folder replaces it safely.

`Live` holds the current `Advisor` (a checked policy with its compiled durable rulesets), when
it was loaded, and the last rejected edit with its problems. A request pins one Advisor for
its whole life (`use()`), so a swap never changes the rules under a request; the Advisor a
swap replaces is closed (its durable rulesets freed) when its last request finishes. What a
request gets is that Advisor in the request's language (`language.current()`): the same
compiled rules with the words of that language.

`build` makes a candidate off to the side from a private copy of the folder: load and check,
compile, a trial in a spawned child (durable can abort or hang on rules outside its limits;
there it costs a child, never the server), then the Advisor with an Advisor for each language
the rules are translated into (`Advisor.language`), all sharing the one compiled engine.
`watch` polls the folder and calls `build` in a thread whenever the files' names, sizes or
times change.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from formadvisor.advice.advisor import Advisor
from formadvisor.authoring.check import trial_in_child
from formadvisor.engine.compiler import compile_policy
from formadvisor.engine.durable import DurableEngine
from formadvisor.rules.checks import load_policy
from formadvisor.rules.layout import ignore_droppings, is_dropping
from formadvisor.rules.loading import Problem, RulesInvalid
from formadvisor.web.language import current

log = logging.getLogger("formadvisor.reload")

TRIAL_SAMPLES = 30  # random answer sets the child tries (a guard, not the full `rules check`)
TRIAL_TIMEOUT = 60.0  # seconds before a trial counts as a hang


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def in_language(advisor: Advisor) -> Advisor:
    """`advisor` speaking the request's language (the same engine; only the English one is
    served, counted and closed here)."""
    return advisor.language(current())


@dataclass(eq=False)
class Served:
    """One Advisor while it is served or still finishing requests."""

    advisor: Advisor
    loaded_at: dt.datetime
    users: int = 0  # requests pinned to it now
    retired: bool = False  # replaced: close it when `users` reaches 0
    closed: bool = False

    @property
    def version(self) -> str:
        return self.advisor.policy.version

    @property
    def release(self) -> str | None:
        return self.advisor.policy.release


@dataclass(frozen=True)
class Rejection:
    """An edit that was not swapped in, and why."""

    problems: tuple[Problem, ...]
    at: dt.datetime


@dataclass
class Live:
    """The current ruleset; thread-safe (`use` may be called from any thread)."""

    _current: Served
    rejected: Rejection | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def of(cls, advisor: Advisor) -> Live:
        return cls(Served(advisor, _now()))

    @property
    def current(self) -> Served:
        return self._current

    @property
    def advisor(self) -> Advisor:
        """The current Advisor in the request's language."""
        return in_language(self._current.advisor)

    @contextmanager
    def use(self) -> Iterator[Advisor]:
        """The current Advisor in the request's language, pinned until the block ends (it is not
        closed meanwhile)."""
        with self._lock:
            served = self._current
            served.users += 1
        try:
            yield in_language(served.advisor)
        finally:
            self._release(served)

    def swap(self, advisor: Advisor) -> Served:
        """Serve `advisor` from now on; the one it replaces closes after its last request."""
        fresh = Served(advisor, _now())
        with self._lock:
            old, self._current = self._current, fresh
            old.retired = True
            self.rejected = None
        self._release(old, held=False)
        return fresh

    def reject(self, problems: list[Problem] | tuple[Problem, ...]) -> Rejection:
        """Record an edit that was not swapped in (the current Advisor keeps serving)."""
        rejection = Rejection(tuple(problems), _now())
        with self._lock:
            self.rejected = rejection
        return rejection

    def clear_rejection(self) -> None:
        with self._lock:
            self.rejected = None

    def close(self) -> None:
        """Stop serving: the current Advisor closes once no request holds it."""
        with self._lock:
            served = self._current
            served.retired = True
        self._release(served, held=False)

    def _release(self, served: Served, held: bool = True) -> None:
        with self._lock:
            if held:
                served.users -= 1
            close = served.retired and served.users == 0 and not served.closed
            if close:
                served.closed = True
        if close:
            served.advisor.close()
            log.info("closed the rules %s (no request uses them now)", served.version)


# --- watching a folder -----------------------------------------------------------------------

Snapshot = tuple[tuple[str, int, int], ...]


def snapshot(folder: Path) -> Snapshot:
    """Every file and folder under the folder, files with size and time (cheap: stat only).

    Editor droppings (swap files, backups, `.DS_Store`: `layout.is_dropping`) are left out:
    the loader ignores them, so an editor writing its swap file does not start a build.
    """
    found = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not is_dropping(d)]
        # A new folder is a change too (`rules check` reports a stray one, even empty).
        found += [(str(Path(top, d).relative_to(folder)) + "/", 0, 0) for d in dirs]
        for name in files:
            if is_dropping(name):
                continue
            path = Path(top, name)
            try:
                stat = path.stat()
            except OSError:  # removed while we looked: the next poll sees the new state
                continue
            found.append((str(path.relative_to(folder)), stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(found))


class Candidate:
    """The outcome of `build`: an Advisor ready to serve, or the problems that stopped it."""

    def __init__(self, advisor: Advisor | None, problems: list[Problem], seen: Snapshot):
        self.advisor = advisor
        self.problems = problems
        self.seen = seen  # the folder's state the candidate was built from


def build(folder: Path, samples: int = TRIAL_SAMPLES, timeout: float = TRIAL_TIMEOUT) -> Candidate:
    """Load, check, compile and try the rules in `folder`, from a private copy of it."""
    folder = Path(folder)
    with tempfile.TemporaryDirectory(prefix="formadvisor-rules-") as tmp:
        copy = Path(tmp) / folder.name  # the same name: problems read `rules/policy/x.yaml`
        seen = snapshot(folder)
        try:
            shutil.copytree(folder, copy, ignore=ignore_droppings)  # an emacs lock dangles
        except (OSError, shutil.Error) as e:
            return Candidate(
                None, [Problem(folder.name, 1, "", f"cannot read the folder: {e}")], seen
            )
        if snapshot(folder) != seen:  # an editor is still saving: try again on the next poll
            return Candidate(None, [], ())
        try:
            policy = load_policy(copy)
            compiled = compile_policy(policy)
        except RulesInvalid as e:
            return Candidate(None, list(e.problems), seen)
        problems = trial_in_child(copy, samples, 0, timeout)
        if problems:
            return Candidate(None, problems, seen)
        try:  # the Advisor makes its language Advisors (on the same engine) here too
            return Candidate(Advisor(policy, DurableEngine(policy, compiled)), [], seen)
        except Exception as e:  # any failure keeps the last good rules serving
            return Candidate(None, [Problem(folder.name, 1, "", f"cannot compile: {e}")], seen)


async def watch(
    live: Live,
    folder: Path,
    interval: float,
    swapped: Callable[[Served, Served], None] = lambda old, new: None,
    builder: Callable[[Path], Candidate] = build,
) -> None:
    """Poll `folder` every `interval` seconds; build and swap in each change (until cancelled).

    A change is built once the folder has stayed the same for one more poll (editors save
    several files, or one file in several writes). `swapped(old, new)` runs on the event loop
    after each swap. A candidate with the served content hash is dropped without a swap.
    """
    last = await asyncio.to_thread(snapshot, folder)
    while True:
        await asyncio.sleep(interval)
        now = await asyncio.to_thread(snapshot, folder)
        if now == last:
            continue
        await asyncio.sleep(interval)  # debounce: wait for the folder to settle
        if await asyncio.to_thread(snapshot, folder) != now:
            continue
        started = asyncio.get_running_loop().time()
        try:
            candidate = await asyncio.to_thread(builder, folder)
        except Exception as e:  # never let one bad build stop the watching
            log.exception("could not build the rules in %s", folder)
            problem = Problem(folder.name, 1, "", f"the rules could not be built: {e}")
            candidate = Candidate(None, [problem], now)
        took = asyncio.get_running_loop().time() - started
        if not candidate.seen:  # changed while copied: the next poll tries again
            continue
        last = candidate.seen
        if candidate.advisor is None:
            live.reject(candidate.problems)
            log.warning(
                "rejected the edited rules in %s (%d problems, %.1f s); still serving %s:\n%s",
                folder,
                len(candidate.problems),
                took,
                live.current.version,
                "\n".join(str(p) for p in candidate.problems),
            )
            continue
        if candidate.advisor.policy.version == live.current.version:
            candidate.advisor.close()
            live.clear_rejection()
            log.info("the rules in %s are unchanged in content (%s)", folder, live.current.version)
            continue
        old = live.current
        new = live.swap(candidate.advisor)
        log.info(
            "now serving the rules %s (was %s; built in %.1f s)", new.version, old.version, took
        )
        swapped(old, new)
