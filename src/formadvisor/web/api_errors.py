"""The API's errors: JSON with field paths, never a traceback or an HTML page.

Invalid answers give 422 and one item per problem:
`{"detail": [{"loc": ["body", "services", 1, "kind"], "path": "services[1].kind",
"msg": "must be 'primary_medical', …", "type": "literal_error"}]}` (`loc` as FastAPI gives it,
`path` as the command line prints it). An unknown option id or service name (`UnknownName`)
is a 422 too: `loc` `["body", field]`, `msg` naming the value and the valid ids. The body is
read before FastAPI sees it: one that is not JSON gives 400, one over `MAX_BODY` bytes 413, one
that does not say it is JSON 415.
"""

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from formadvisor.advice.answers import AnswerProblem, AnswersInvalid, answer_problem
from formadvisor.advice.picking import UnknownName
from formadvisor.rules.loading import dotted
from formadvisor.web.api_models import Problem, Problems

MAX_BODY = 256 * 1024  # bytes: far above any real answers (at most 50 services)


def _problems(items: list[tuple[tuple, AnswerProblem, str]], status: int = 422) -> JSONResponse:
    detail = [
        Problem(loc=(*where, *p.loc), path=dotted(p.loc), msg=p.message, type=kind)
        for where, p, kind in items
    ]
    return JSONResponse(Problems(detail=tuple(detail)).model_dump(mode="json"), status)


def _invalid_request(errors: list[dict]) -> JSONResponse:
    items = []
    for err in errors:
        where, rest = tuple(err["loc"][:1]), tuple(err["loc"][1:])
        problem = answer_problem({**err, "loc": rest})
        if not rest and err["type"] in ("model_attributes_type", "dict_type"):
            problem = AnswerProblem((), "the answers must be an object of question keys to answers")
        items.append((where, problem, err["type"]))
    return _problems(items)


def unknown_name(e: UnknownName) -> JSONResponse:
    """An option or service name the answers do not know: 422, `loc` `["body", field]`, with
    the valid ids in `msg` (the command line prints the same line)."""
    return _problems([(("body",), AnswerProblem((e.field,), e.detail), "unknown_name")])


def _body_problem(status: int, message: str, kind: str) -> JSONResponse:
    return _problems([(("body",), AnswerProblem((), message), kind)], status)


async def _body_refused(request: Request) -> JSONResponse | None:
    """Read the body within `MAX_BODY`; a response when it is too big or not JSON."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json" and not kind.endswith("+json"):
        message = "send the answers as JSON (Content-Type: application/json)"
        return _body_problem(415, message, "unsupported_media_type")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        return _body_problem(413, f"the body is over {MAX_BODY} bytes", "too_large")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return _body_problem(413, f"the body is over {MAX_BODY} bytes", "too_large")
    try:
        json.loads(body)
    except (ValueError, RecursionError):
        return _body_problem(400, "the body is not valid JSON", "json_invalid")
    request._body = bytes(body)  # what FastAPI reads next (starlette caches the body here)
    return None


class JsonRoute(APIRoute):
    """A route whose request errors are JSON with field paths, never a traceback."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            if request.method in ("POST", "PUT", "PATCH"):
                refused = await _body_refused(request)
                if refused is not None:
                    return refused
            try:
                return await handler(request)
            except RequestValidationError as e:
                return _invalid_request(list(e.errors()))
            except AnswersInvalid as e:
                return _problems([(("body",), p, "value_error") for p in e.items])
            except UnknownName as e:
                return unknown_name(e)

        return route


# The error replies of the endpoints that take answers, as the OpenAPI schema lists them.
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problems, "description": "The body is not JSON."},
    413: {"model": Problems, "description": f"The body is over {MAX_BODY} bytes."},
    415: {"model": Problems, "description": "The body is not sent as application/json."},
    422: {"model": Problems, "description": "Invalid answers: one item per problem."},
}
