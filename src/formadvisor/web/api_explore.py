"""The API's ways to explore a result: `POST /api/v1/comparisons` (two options side by side)
and `POST /api/v1/reach` (what it would take for an option: `api_reach`).

Included in `api.api_router` (same prefix, same JSON errors): the body's `answers` are the
questionnaire's model, checked again under the request's pinned rules (`pinned`), and the
engine's work runs on the engine thread (`serving.engine_work`). Its JSON is exactly
`formadvisor compare --json`'s; an unknown option or service is a 422 at `["body", field]`
listing the valid ids (`api_errors.unknown_name`).
"""

# No `from __future__ import annotations`: FastAPI reads the handlers' annotations, and the
# body model is made at run time from the questionnaire.

import datetime as dt
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model

from formadvisor.advice.advisor import Advisor
from formadvisor.advice.compare import Comparison, compare
from formadvisor.rules.policy import Policy
from formadvisor.web.api_errors import ERRORS
from formadvisor.web.api_reach import add_reach
from formadvisor.web.serving import engine_work

Pinned = Callable[[Request, BaseModel], tuple[Advisor, BaseModel]]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


def add_explore(
    router: APIRouter,
    policy: Policy,
    answers_model: type[BaseModel],
    pinned: Pinned,
    iso_date: Callable,
) -> None:
    """Add the routes, for one questionnaire's answers model, to `api_router`'s own router (so
    each route's path is its full path, as on every other router)."""
    ComparisonIn = create_model(
        "ComparisonIn",
        __base__=_Body,
        answers=(answers_model, Field(description="The answers, as for a recommendation.")),
        options=(
            tuple[str, str],
            Field(
                description="Two forms' ids, or two routes' ids (then `service`): "
                + ", ".join((*policy.form_ids, *policy.route_ids))
                + ". Any other is a 422 at this field listing the ids that would do."
            ),
        ),
        service=(
            str | None,
            Field(
                None,
                description="For two routes: the name of one of the answers' services (none "
                "when there is only one); for two forms: none.",
            ),
        ),
    )
    AsOf = Annotated[
        dt.date | None,
        Query(description="Apply the rules in force on this date (default: today)."),
        BeforeValidator(iso_date),
    ]

    @router.post(
        "/comparisons",
        summary="Two forms, or two routes for one service, side by side",
        responses=ERRORS,
        response_model=Comparison,
    )
    async def comparisons(
        request: Request,
        body: ComparisonIn,  # made at run time (create_model): FastAPI reads it
        as_of: AsOf = None,
    ) -> Response:
        """The same comparison as `formadvisor compare --json`: row by row by topic, each cell
        from the rules and sources that apply to these answers, and each option's score.
        Nothing is saved."""
        advisor, answers = pinned(request, body.answers)  # type: ignore[attr-defined]
        a, b = body.options  # type: ignore[attr-defined]
        service = body.service  # type: ignore[attr-defined]

        def made() -> bytes:  # serialised on the engine thread too: never on the event loop
            return compare(advisor, answers, a, b, service, as_of).to_json().encode()

        return Response(await engine_work(made), media_type="application/json")

    add_reach(router, policy, answers_model, pinned, AsOf)  # POST /reach (api_reach.py)
