"""The ruleset a server serves (`live.Live`), and how an edited rules folder replaces it."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from formadvisor.advice.advisor import Advisor
from formadvisor.engine.durable import EngineError
from formadvisor.rules.checks import load_policy
from formadvisor.web.live import Candidate, Live, build, snapshot, watch
from tests.support.data import WALES_PHARMACY

BECAUSE = "Surplus stays in the organisation."


def edit(folder: Path, old: str, new: str, file: str = "policy/core.yaml") -> None:
    path = folder / file
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1))


def reworded(rules_copy: Path) -> Advisor:
    """An Advisor on the minimal rules with one reason reworded (a new content hash)."""
    edit(rules_copy, BECAUSE, "Any surplus stays in the organisation.")
    return Advisor(load_policy(rules_copy))


def test_a_swap_serves_the_new_advisor_to_the_next_request(minimal_policy, rules_copy):
    live = Live.of(Advisor(minimal_policy))
    first = live.advisor
    new = reworded(rules_copy)
    assert new.policy.version != first.policy.version
    live.swap(new)
    with live.use() as advisor:
        assert advisor is new
        assert advisor.recommend(WALES_PHARMACY).ruleset.version == new.policy.version
    live.close()


def test_a_request_in_flight_finishes_on_the_rules_it_started_with(minimal_policy, rules_copy):
    live = Live.of(Advisor(minimal_policy))
    old_version = minimal_policy.version
    with live.use() as pinned:
        live.swap(reworded(rules_copy))  # a reload lands while the request is running
        assert live.advisor is not pinned
        # Still open and still the old rules, for as long as the request holds them.
        assert pinned.recommend(WALES_PHARMACY).ruleset.version == old_version
        assert live.current.advisor is not pinned
    with pytest.raises(EngineError, match="closed"):  # freed once its last request finished
        pinned.recommend(WALES_PHARMACY)
    live.close()


def test_an_advisor_nobody_uses_is_closed_at_the_swap(minimal_policy, rules_copy):
    live = Live.of(Advisor(minimal_policy))
    old = live.advisor
    live.swap(reworded(rules_copy))
    with pytest.raises(EngineError, match="closed"):
        old.recommend(WALES_PHARMACY)
    current = live.advisor
    live.close()
    with pytest.raises(EngineError, match="closed"):
        current.recommend(WALES_PHARMACY)


def test_many_threads_pinning_while_swapping_each_finish_on_their_own_advisor(
    minimal_policy, rules_copy
):
    live = Live.of(Advisor(minimal_policy))
    versions = {minimal_policy.version, reworded(rules_copy).policy.version}
    failures: list[BaseException] = []
    seen: set[str] = set()

    def request() -> None:
        try:
            for _ in range(10):
                with live.use() as advisor:
                    seen.add(advisor.recommend(WALES_PHARMACY, what_if=False).ruleset.version)
        except BaseException as e:  # reported below
            failures.append(e)

    threads = [threading.Thread(target=request) for _ in range(4)]
    for t in threads:
        t.start()
    said = "Any surplus stays in the organisation."  # what `reworded` left in the file
    for n in range(3):
        edit(rules_copy, said, said := f"Surplus stays in the organisation ({n}).")
        live.swap(Advisor(load_policy(rules_copy)))
        versions.add(live.advisor.policy.version)
    for t in threads:
        t.join()
    assert failures == []
    assert seen
    assert seen <= versions
    live.close()


def test_a_broken_candidate_reports_each_problem_with_file_and_line(rules_copy):
    edit(rules_copy, "- exclude: sla", "- exclude: no_such_route")
    candidate = build(rules_copy)
    assert candidate.advisor is None
    (problem,) = candidate.problems
    assert problem.file == "rules/policy/core.yaml"
    assert problem.rule == "pension.sla_no_pension"
    assert "no_such_route" in str(problem)
    assert str(problem).startswith("rules/policy/core.yaml:")


def test_a_good_candidate_is_an_advisor_on_the_edited_rules(rules_copy):
    edit(rules_copy, BECAUSE, "Any surplus stays in the organisation.")
    candidate = build(rules_copy, samples=5)
    assert candidate.problems == []
    assert candidate.advisor is not None
    assert candidate.advisor.policy.version == load_policy(rules_copy).version
    assert candidate.seen == snapshot(rules_copy)
    candidate.advisor.close()


def test_the_snapshot_changes_with_an_edit_and_not_without(rules_copy):
    before = snapshot(rules_copy)
    assert before == snapshot(rules_copy)
    assert any(name == "policy/core.yaml" for name, _, _ in before)
    edit(rules_copy, BECAUSE, "Surplus stays.")
    assert snapshot(rules_copy) != before


def test_editor_droppings_neither_change_the_snapshot_nor_stop_a_build(rules_copy):
    before = snapshot(rules_copy)
    (rules_copy / "policy" / ".core.yaml.swp").write_bytes(b"\x00vim swap")
    (rules_copy / "policy" / ".#core.yaml").symlink_to("user@host.1234")  # emacs: dangles
    (rules_copy / "options.yaml~").write_text("a backup")
    assert snapshot(rules_copy) == before
    candidate = build(rules_copy, samples=2)
    assert candidate.problems == []
    candidate.advisor.close()


def run(coroutine) -> None:
    """Run a coroutine on a loop of its own, in a thread: pytest's main thread may already
    have a running loop (the browser tests' Playwright keeps one)."""
    errors: list[BaseException] = []

    def main() -> None:
        try:
            asyncio.run(coroutine)
        except BaseException as e:  # raised again in the test's thread
            errors.append(e)

    thread = threading.Thread(target=main)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


async def _until(check, seconds: float = 60.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "gave up waiting"
        await asyncio.sleep(0.02)


def test_the_watcher_keeps_the_last_good_rules_after_a_broken_edit_then_takes_the_fix(
    minimal_policy, rules_copy
):
    live = Live.of(Advisor(minimal_policy))
    swaps: list[tuple[str, str]] = []
    built: list[Path] = []

    def builder(folder: Path) -> Candidate:
        built.append(folder)
        return build(folder, samples=5)

    async def scenario() -> None:
        task = asyncio.create_task(
            watch(
                live, rules_copy, 0.05, lambda o, n: swaps.append((o.version, n.version)), builder
            )
        )
        await asyncio.sleep(0.2)
        assert built == []  # nothing changed, nothing built
        edit(rules_copy, "- exclude: sla", "- exclude: no_such_route")
        await _until(lambda: live.rejected is not None)
        assert live.advisor.policy.version == minimal_policy.version
        assert [p.rule for p in live.rejected.problems] == ["pension.sla_no_pension"]
        edit(rules_copy, "- exclude: no_such_route", "- exclude: sla")
        edit(rules_copy, BECAUSE, "Any surplus stays in the organisation.")
        await _until(lambda: swaps)
        task.cancel()

    run(scenario())
    assert live.rejected is None
    assert swaps == [(minimal_policy.version, load_policy(rules_copy).version)]
    assert live.advisor.policy.version == load_policy(rules_copy).version
    live.close()


def test_the_watcher_does_not_swap_when_the_content_is_the_same(minimal_policy, rules_copy):
    live = Live.of(Advisor(minimal_policy))
    first = live.advisor
    built: list[Candidate] = []

    def builder(folder: Path) -> Candidate:
        built.append(build(folder, samples=2))
        return built[-1]

    async def scenario() -> None:
        task = asyncio.create_task(watch(live, rules_copy, 0.05, builder=builder))
        await asyncio.sleep(0.2)
        (rules_copy / "README.md").write_text("Notes for people")  # changes the folder only
        await _until(lambda: built)
        task.cancel()

    run(scenario())
    assert live.advisor is first
    with pytest.raises(EngineError, match="closed"):  # the duplicate was freed
        built[0].advisor.recommend(WALES_PHARMACY)
    live.close()


def test_a_build_that_raises_is_a_rejection_and_the_watcher_goes_on(minimal_policy, rules_copy):
    live = Live.of(Advisor(minimal_policy))
    calls: list[Path] = []

    def builder(folder: Path) -> Candidate:
        calls.append(folder)
        if len(calls) == 1:
            raise OSError("disk went away")
        return build(folder, samples=2)

    async def scenario() -> None:
        task = asyncio.create_task(watch(live, rules_copy, 0.05, builder=builder))
        await asyncio.sleep(0.2)
        edit(rules_copy, BECAUSE, "Surplus stays (1).")
        await _until(lambda: live.rejected is not None)
        assert "disk went away" in str(live.rejected.problems[0])
        edit(rules_copy, "Surplus stays (1).", "Surplus stays (2).")
        await _until(lambda: live.advisor.policy.version != minimal_policy.version)
        task.cancel()

    run(scenario())
    assert live.rejected is None
    assert len(calls) == 2
    live.close()


def test_a_file_the_rules_do_not_read_is_a_rejected_edit_and_the_old_rules_keep_serving(
    minimal_policy, rules_copy
):
    live = Live.of(Advisor(minimal_policy))
    first = live.advisor
    stray = rules_copy / "extra.yaml"

    async def scenario() -> None:
        task = asyncio.create_task(watch(live, rules_copy, 0.05, builder=lambda f: build(f, 2)))
        await asyncio.sleep(0.2)
        stray.write_text((rules_copy / "policy" / "core.yaml").read_text())  # the wrong place
        await _until(lambda: live.rejected is not None)
        assert [str(p) for p in live.rejected.problems] == [
            "rules/extra.yaml:1: -: not part of the rules: rule files are read only from "
            "policy/; move it to policy/extra.yaml"
        ]
        with live.use() as advisor:  # still serving the last good rules
            assert advisor is first
            assert advisor.recommend(WALES_PHARMACY).ruleset.version == minimal_policy.version
        stray.unlink()  # the folder is as it was: the rejection is cleared, nothing swapped
        await _until(lambda: live.rejected is None)
        task.cancel()

    run(scenario())
    assert live.advisor is first
    live.close()
