"""What an option id (and a service name) means for one set of answers: the shared name checks.

`compare` and `reach` take option ids and service names from a user (the command line, the API,
a page's query). `choose` reads them against the policy and the answers: a form id is for the
whole group and takes no service; a route id is for one service, named unless there is only one.
Anything else is an `UnknownName` naming the field, the value and the ids that would do, which
the command line prints as one line (exit 2) and the API returns as a 422 problem.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from formadvisor.rules.policy import Policy


class UnknownName(ValueError):
    """An option id or service name these rules and answers do not know.

    `field`: "option" | "options" | "service"; `value`: what was given (None: nothing);
    `valid`: the ids or names that would do (empty when the field must be left out)."""

    def __init__(self, field: str, value: object, valid: Sequence[str]) -> None:
        self.field, self.value, self.valid = field, value, tuple(valid)
        super().__init__(self.message)

    @property
    def detail(self) -> str:
        """What is wrong with the value, and the ids that would do (the API's `msg`)."""
        if not self.valid and self.field == "service":
            return f"{self.value!r} is not wanted with this option: leave it out"
        if not self.valid:
            return f"{self.value!r} cannot be used: these rules offer none"
        given = "nothing given" if self.value is None else f"{self.value!r} is not known"
        return f"{given}; use one of: {', '.join(self.valid)}"

    @property
    def message(self) -> str:
        """One line: the field, the value and the valid ids (what the command line prints)."""
        return f"{self.field}: {self.detail}"


@dataclass(frozen=True)
class Choice:
    """What an option id means for these answers: a form for the group, or a route for the
    service at `index` (0-based, in the answers' order) called `service`."""

    kind: Literal["form", "route"]
    option: str
    service: str | None
    index: int | None


def service_names(answers: BaseModel) -> tuple[str, ...]:
    return tuple(s.name for s in getattr(answers, "services", ()))


def choose(
    policy: Policy,
    answers: BaseModel,
    option: str,
    service: str | None,
    *,
    field: str = "option",
) -> Choice:
    """The choice `option` (for `service`) makes under these answers, or `UnknownName`.

    A form id must come without a service; a route id needs a service named in the answers
    (with one service it may be left out). `field` names the option's field in errors."""
    if option in policy.form_ids:
        if service is not None:
            raise UnknownName("service", service, ())
        return Choice("form", option, None, None)
    if option not in policy.route_ids:
        raise UnknownName(field, option, (*policy.form_ids, *policy.route_ids))
    names = service_names(answers)
    if not names:  # no service to run a route: only the forms would do
        raise UnknownName(field, option, policy.form_ids)
    if service is None and len(names) == 1:
        service = names[0]
    if service is None or service not in names:
        raise UnknownName("service", service, names)
    return Choice("route", option, service, names.index(service))
