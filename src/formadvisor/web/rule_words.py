"""A rule in the questions' own words, for the rules pages: its condition and its reason.

A condition becomes a tree the template words (`rules_macros.condition`): each clause names the
question as it is asked ("Which nation are your practices in?") and the answer's label
("Wales"), not the answer's key. A reason's placeholders (`{service.name}`, `{nation}`) become
parts the template words: the service, the answer the condition fixes, or the question. The
search reads the same words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from formadvisor.rules.checks import PLACEHOLDER
from formadvisor.rules.conditions import AllOf, AnyOf, Clause, Condition, NotOf
from formadvisor.rules.effects import Consider, Derive, Disfavour, Exclude, Favour, SeekAdvice
from formadvisor.rules.models import Question, one_line
from formadvisor.rules.policy import Policy, PolicyRule

SCOPES = (("service.", "service"), ("any_service.", "any_service"), ("fact.", "fact"))


def _question(policy: Policy, ref: str) -> tuple[str, Question | None]:
    """(scope, question) of a reference; a derived fact has no question."""
    for prefix, scope in SCOPES:
        if ref.startswith(prefix):
            key = ref.removeprefix(prefix)
            if scope == "fact":
                return scope, None
            qs = policy.questionnaire.service_questions
            return scope, next((q for q in qs if q.id == key), None)
    return "group", next((q for q in policy.questionnaire.questions if q.id == ref), None)


def _label(q: Question | None, value: object) -> str:
    if q is None:
        return str(value)
    if q.type == "integer" and isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, bool):
        return q.label_of(value).capitalize()
    return q.label_of(value)


def _deriving_rule(policy: Policy, fact: str) -> PolicyRule | None:
    for pr in policy.rules:
        if any(isinstance(e, Derive) and e.derive.fact == fact for e in pr.rule.then):
            return pr
    return None


def condition(node: Condition, policy: Policy) -> dict:
    """The condition as a tree: {"kind": "all" | "any", "parts"}, {"kind": "not", "item"} or a
    clause {"kind": "clause", "scope", "question", "op", "answers", "yes", "rule"}."""
    if isinstance(node, AllOf | AnyOf):
        items = [condition(i, policy) for i in node.items]
        if len(items) == 1:
            return items[0]
        return {"kind": "all" if isinstance(node, AllOf) else "any", "parts": items}
    if isinstance(node, NotOf):
        return {"kind": "not", "item": condition(node.item, policy)}
    assert isinstance(node, Clause)
    scope, q = _question(policy, node.ref)
    raw = node.value if isinstance(node.value, tuple | list) else (node.value,)
    op = node.op
    if op == "is" and q is not None and q.type == "choices":
        op = "contains"  # a list answer "is" a value when it includes it
    derived = _deriving_rule(policy, node.ref.removeprefix("fact.")) if scope == "fact" else None
    return {
        "kind": "clause",
        "scope": scope,
        "question": q.text if q else None,
        "op": op,
        "answers": [_label(q, v) for v in raw],
        "yes": raw[0] is True,  # `answered` / `empty`: true or false, whatever the label
        "rule": (derived.rule.title or derived.rule.id, derived.rule.id) if derived else None,
        "ref": node.ref,
    }


def _fixed(node: Condition, ref: str) -> tuple | None:
    """The values a condition fixes a reference to (an `is` or `in` clause it requires)."""
    if isinstance(node, Clause):
        if node.ref == ref and node.op in ("is", "in"):
            return node.value if isinstance(node.value, tuple | list) else (node.value,)
        return None
    if isinstance(node, AllOf):
        return next((v for i in node.items if (v := _fixed(i, ref)) is not None), None)
    return None


def because(pr: PolicyRule, policy: Policy) -> list[dict]:
    """The reason in parts: {"text"}, {"service": True}, {"answers": [labels]} where the
    condition fixes the answer, or {"question": text} where it does not."""
    text = " ".join(pr.rule.because.split())
    parts: list[dict] = []
    last = 0
    for m in PLACEHOLDER.finditer(text):
        parts.append({"text": text[last : m.start()]})
        ref = m.group(1)
        _, q = _question(policy, ref)
        fixed = _fixed(pr.rule.when, ref)
        start = not text[: m.start()].strip() or text[: m.start()].rstrip().endswith((".", ":"))
        if ref == "service.name":
            parts.append({"service": True, "start": start})
        elif fixed is not None:
            parts.append({"answers": [_label(q, v) for v in fixed]})
        else:
            parts.append({"question": (q.short or q.text) if q else ref})
        last = m.end()
    parts.append({"text": text[last:]})
    return [p for p in parts if p.get("text") != ""]


def _options(ids: Iterable[str], policy: Policy) -> list[dict]:
    """Options by their labels ({"label"}), or by id where the rules have no such option."""
    labels = {o.id: o.label for o in (*policy.options.forms, *policy.options.routes)}
    return [{"label": labels[i]} if i in labels else {"code": i} for i in ids]


def effects(pr: PolicyRule, policy: Policy) -> list[dict]:
    """What the rule does, each effect a dict the template words (`rules_macros.effect`):
    {"kind": "favour" | "disfavour", "options", "weight", "points"}, {"kind": "exclude",
    "options"}, {"kind": "derive", "fact", "value"}, {"kind": "consider", "topic", "text"},
    {"kind": "seek_advice", "topic", "on", "who"}; the same as the reference
    (`authoring.reference.effect_lines`) says in English."""
    out: list[dict] = []
    for effect in pr.rule.then:
        if isinstance(effect, Favour | Disfavour):
            favours = isinstance(effect, Favour)
            scored = effect.favour if isinstance(effect, Favour) else effect.disfavour
            points = policy.scoring.weight(scored.weight)
            out.append(
                {
                    "kind": "favour" if favours else "disfavour",
                    "options": _options(scored.options, policy),
                    "weight": scored.weight if isinstance(scored.weight, str) else None,
                    "points": f"{'+' if favours else '−'}{points}",
                }
            )
        elif isinstance(effect, Exclude):
            out.append({"kind": "exclude", "options": _options(effect.exclude, policy)})
        elif isinstance(effect, Derive):
            out.append({"kind": "derive", "fact": effect.derive.fact, "value": effect.derive.value})
        elif isinstance(effect, Consider):
            topic = effect.consider.topic or pr.topic
            out.append({"kind": "consider", "topic": topic, "text": one_line(effect.consider.text)})
        elif isinstance(effect, SeekAdvice):
            advice = effect.seek_advice
            on = one_line(advice.on).rstrip(".")
            topic = advice.topic or pr.topic
            out.append({"kind": "seek_advice", "topic": topic, "on": on, "who": advice.who})
    return out


# --- search --------------------------------------------------------------------------------------


def _condition_words(tree: dict) -> Iterable[str]:
    if tree["kind"] == "clause":
        yield tree["question"] or ""
        yield from tree["answers"]
        if tree["rule"]:
            yield tree["rule"][0]
    elif tree["kind"] == "not":
        yield from _condition_words(tree["item"])
    else:
        for item in tree["parts"]:
            yield from _condition_words(item)


def searchable(pr: PolicyRule, policy: Policy, topic: str) -> str:
    """Everything the rules pages show of a rule, as one lower-case text to search."""
    rule = pr.rule
    reason = " ".join(
        p.get("text") or p.get("question") or " ".join(p.get("answers", ()))
        for p in because(pr, policy)
    )
    words = [
        rule.id,
        rule.title or "",
        topic,
        reason,
        *_condition_words(condition(rule.when, policy)),
        *(policy.source(s).title for s in rule.sources),
    ]
    return " ".join(" ".join(words).lower().split())


def matches(query: str, text: str) -> bool:
    """Every word of the query is in the text (a word of 1 or 2 letters must be whole)."""
    terms = re.findall(r"[\w'’-]+", query.lower())
    return bool(terms) and all(
        (re.search(rf"\b{re.escape(t)}\b", text) if len(t) < 3 else t in text) for t in terms
    )
