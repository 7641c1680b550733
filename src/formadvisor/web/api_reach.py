"""`POST /api/v1/reach`: what would it take for an option to be recommended (the same JSON as
`formadvisor reach --json`), added to the API's explore routes (`api_explore.add_explore`)."""

# No `from __future__ import annotations`: FastAPI reads the handler's annotations, and the
# body's model is made at run time from the questionnaire's answers model.

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field, create_model

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.reach import Reach, reach
from formadvisor.rules.policy import Policy
from formadvisor.web.api_errors import ERRORS
from formadvisor.web.serving import engine_work

Pinned = Callable[[Request, BaseModel], tuple[Advisor, BaseModel]]


def add_reach(
    router: APIRouter,
    policy: Policy,
    answers_model: type[BaseModel],
    pinned: Pinned,
    as_of: Any,
) -> None:
    """Add the route for one questionnaire's answers model; `pinned` checks the answers
    against the request's rules, `as_of` is the API's date query parameter."""
    body_model: Any = create_model(
        "ReachIn",
        __config__=ConfigDict(extra="forbid"),
        answers=(answers_model, Field(description="The answers, as for a recommendation.")),
        option=(
            str,
            Field(
                description="A form's id, or a route's id (then `service`): "
                + ", ".join((*policy.form_ids, *policy.route_ids))
                + ". Any other is a 422 at this field listing the ids that would do."
            ),
        ),
        service=(
            str | None,
            Field(
                None,
                description="For a route: the name of one of the answers' services (none when "
                "there is only one); for a form: none.",
            ),
        ),
    )

    @router.post(
        "/reach",
        summary="What would it take for an option to be recommended",
        responses=ERRORS,
        response_model=Reach,
    )
    async def reach_route(request: Request, body: body_model, as_of: as_of = None) -> Response:
        """The fewest changes to answers the group could change (at most 3) after which
        `option` is recommended (for a route: the service's recommended route), found on the
        plain reading and confirmed on durable_rules; or, in `blocked_by`, what rules it out.
        The same JSON as `formadvisor reach --json`. Nothing is saved."""
        given: Any = body  # a model made at run time
        advisor, answers = pinned(request, given.answers)
        day = as_of or dt.date.today()

        def made() -> bytes:  # the search and its JSON on the engine thread
            found = reach(advisor, answers, given.option, given.service, day)
            return found.model_dump_json().encode()

        return Response(await engine_work(made), media_type="application/json")
