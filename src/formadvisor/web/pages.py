"""One way to render an HTML page, for every page people see (journey, report, changes, errors).

Each page gets the CSRF token for its forms (`csrf`), is kept out of caches (the pages show a
group's answers and their address is the only key to them) and sets the CSRF cookie when the
browser has none yet.
"""

from __future__ import annotations

from fastapi import Request
from starlette.responses import Response

from formadvisor.web import csrf

# The address of an assessment is its only key: no cache keeps a page and no other site is told
# it (layout.html's <meta name="referrer"> says the same to the browser).
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "same-origin"}


def render(
    request: Request,
    template: str,
    context: dict,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    context = {"csrf_token": csrf.token(request), **context}
    response = request.app.state.templates.TemplateResponse(
        request, template, context, status_code=status_code, headers={**PRIVATE, **(headers or {})}
    )
    csrf.send_cookie(request, response)
    return response
