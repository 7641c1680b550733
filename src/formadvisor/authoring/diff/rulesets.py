"""What differs between two rule sets, file by file: rules by id, then the other files in brief.

Pure: two `Policy`s in, a `RulesetChanges` out. A rule is changed when its data differs (its
condition, effects, because, sources, dates, title or its file's topic); moving a rule to
another line or file is not a change.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from formadvisor.rules.policy import Policy, PolicyRule

RULE_PARTS = ("when", "then", "because", "sources", "effective", "title")


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class RuleAt(_Out):
    """A rule added or removed, and where it is (in the rule set that has it)."""

    rule: str
    file: str
    line: int


class RuleEdit(_Out):
    """A rule in both rule sets whose data differs; `parts` names what (`when`, `then`, …)."""

    rule: str
    file: str  # where it is in the new rule set
    line: int
    parts: tuple[str, ...]


class ItemChanges(_Out):
    """Entries of a list file (sources, forms, questions, …) added, removed or edited, by id."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    @property
    def nothing(self) -> bool:
        return not (self.added or self.removed or self.changed)


class RulesetChanges(_Out):
    rules_added: tuple[RuleAt, ...]
    rules_removed: tuple[RuleAt, ...]
    rules_changed: tuple[RuleEdit, ...]
    sources: ItemChanges
    forms: ItemChanges
    routes: ItemChanges
    topics: ItemChanges
    questions: ItemChanges  # a service question's id is prefixed `service.`
    scoring: tuple[str, ...]  # "weights.strong: 3 → 4"
    release: tuple[str | None, str | None] | None  # (old, new) when `VERSION` changed
    # the action plan's steps and warnings (action_plan.yaml), by id
    steps: ItemChanges = ItemChanges()

    @property
    def nothing(self) -> bool:
        return not (
            self.rules_added
            or self.rules_removed
            or self.rules_changed
            or self.scoring
            or self.release
            or not all(self.files[name].nothing for name in self.files)
        )

    @property
    def files(self) -> dict[str, ItemChanges]:
        """The brief changes of the other files, named as an adviser reads them."""
        return {
            "sources": self.sources,
            "forms": self.forms,
            "routes": self.routes,
            "topics": self.topics,
            "questions": self.questions,
            "steps": self.steps,
        }

    def how(self, rule_id: str) -> str | None:
        """'added', 'removed' or 'changed: when, then' for a rule this diff touches, else None."""
        if any(r.rule == rule_id for r in self.rules_added):
            return "added"
        if any(r.rule == rule_id for r in self.rules_removed):
            return "removed"
        edit = next((r for r in self.rules_changed if r.rule == rule_id), None)
        return f"changed: {', '.join(edit.parts)}" if edit else None


def diff_rulesets(old: Policy, new: Policy) -> RulesetChanges:
    """The differences from `old` to `new`, rules in the new rule set's order."""
    before = {pr.rule.id: pr for pr in old.rules}
    after = {pr.rule.id: pr for pr in new.rules}
    edits = []
    for rid, pr in after.items():
        if rid in before and (parts := _parts(before[rid], pr)):
            edits.append(RuleEdit(rule=rid, file=pr.file, line=pr.line, parts=parts))
    return RulesetChanges(
        rules_added=tuple(_at(pr) for rid, pr in after.items() if rid not in before),
        rules_removed=tuple(_at(pr) for rid, pr in before.items() if rid not in after),
        rules_changed=tuple(edits),
        sources=_items(old.sources.sources, new.sources.sources),
        forms=_items(old.options.forms, new.options.forms),
        routes=_items(old.options.routes, new.options.routes),
        topics=_items(old.options.topics, new.options.topics),
        questions=_items(_questions(old), _questions(new)),
        scoring=_scoring(old, new),
        release=(old.release, new.release) if old.release != new.release else None,
        steps=_items(_plan_items(old), _plan_items(new)),
    )


def _plan_items(policy: Policy) -> tuple:
    plan = policy.plan
    return (*plan.steps, *plan.warnings) if plan is not None else ()


def _at(pr: PolicyRule) -> RuleAt:
    return RuleAt(rule=pr.rule.id, file=pr.file, line=pr.line)


def _parts(old: PolicyRule, new: PolicyRule) -> tuple[str, ...]:
    was, now = old.rule.model_dump(mode="json"), new.rule.model_dump(mode="json")
    parts = [p for p in RULE_PARTS if was[p] != now[p]]
    if old.topic != new.topic:
        parts.append("topic")
    return tuple(parts)


def _items(old: tuple, new: tuple) -> ItemChanges:
    was = {item.id: item for item in old}
    now = {item.id: item for item in new}
    return ItemChanges(
        added=tuple(i for i in now if i not in was),
        removed=tuple(i for i in was if i not in now),
        changed=tuple(i for i in now if i in was and now[i] != was[i]),
    )


def _questions(policy: Policy) -> tuple:
    q = policy.questionnaire
    service = (s.model_copy(update={"id": f"service.{s.id}"}) for s in q.service_questions)
    return (*q.questions, *service)


def _scoring(old: Policy, new: Policy) -> tuple[str, ...]:
    was, now = old.scoring, new.scoring
    lines = [
        f"weights.{name}: {was.weights.get(name)} → {now.weights.get(name)}"
        for name in dict.fromkeys([*was.weights, *now.weights])
        if was.weights.get(name) != now.weights.get(name)
    ]
    if was.close_call_margin != now.close_call_margin:
        lines.append(f"close_call_margin: {was.close_call_margin} → {now.close_call_margin}")
    return tuple(lines)
