"""Citations a group must never be shown: a source limited to other nations, or a title that
points at the domain brief (a document users cannot read) instead of a public one.

`Reasons.shown` already keeps other nations' sources out of a recommendation; this reads a
finished recommendation back, so every scenario and example checks that nothing slipped past
it (a new field that cites sources without the filter, say).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from formadvisor.rules.policy import Policy

BRIEF = "domain brief"


def citation_problems(policy: Policy, nation: object, result: BaseModel | dict) -> list[str]:
    """Each citation in `result` a group in `nation` must not see, in words."""
    data = result.model_dump(mode="json") if isinstance(result, BaseModel) else result
    known = {s.id: s for s in policy.sources.sources}
    out: list[str] = []
    for cite in dict.fromkeys(_citations(data)):
        source_id = cite.split(": ", 1)[0]
        source = known.get(source_id)
        if source is not None and not source.applies_to(nation):
            out.append(f"{source_id} is a source for {', '.join(source.nations or ())} only")
        if BRIEF in cite.lower() or (source is not None and BRIEF in source.title.lower()):
            out.append(f"{source_id} cites the {BRIEF}, which users cannot read")
    return out


def _citations(data: Any) -> Iterator[str]:
    """Every string in a `sources` list anywhere in a recommendation's JSON."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "sources" and isinstance(value, list):
                yield from (v for v in value if isinstance(v, str))
            else:
                yield from _citations(value)
    elif isinstance(data, list):
        for item in data:
            yield from _citations(item)
