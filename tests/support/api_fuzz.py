"""Schemathesis over the app's own OpenAPI, in process: every operation, with data that fits
the schema and data that does not, each response checked by schemathesis's own checks (no 5xx,
status codes, content types and bodies as the schema says, valid data accepted, invalid data
refused) and by `clear_error` (every 4xx says what was wrong).

Shared by tests/test_api_fuzz.py (a few hundred requests on every `make test`) and
soak/fuzz_api.py (the full count).
"""

from __future__ import annotations

import collections
import contextlib
import random
from dataclasses import dataclass, field

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.generation.modes import GenerationMode
from schemathesis.python import asgi

ID_PARAMETER = "assessment_id"
TIMEOUT = 120  # seconds for one request (what-if over many services is slow on a busy machine)


@dataclass
class FuzzReport:
    requests: int = 0
    statuses: collections.Counter = field(default_factory=collections.Counter)  # (op, code)
    failures: list[str] = field(default_factory=list)
    operations: set[str] = field(default_factory=set)

    def by_status(self) -> dict[int, int]:
        out: collections.Counter = collections.Counter()
        for (_, code), n in self.statuses.items():
            out[code] += n  # 0 counts requests that got no answer in time
        return dict(sorted(out.items()))


def clear_error(ctx, response, case) -> None:
    """A 4xx names what was wrong: JSON with a `detail` text or items with a message and a
    path, or the HTML error page."""
    if not 400 <= response.status_code < 500:
        return
    kind = response.headers.get("content-type", [""])
    kind = (kind[0] if isinstance(kind, list) else kind).split(";")[0].strip()
    if kind == "text/html":
        assert "<h1" in response.text, f"{response.status_code}: an HTML error without a heading"
        return
    assert kind == "application/json", f"{response.status_code} sent as {kind!r}"
    detail = response.json().get("detail")
    if isinstance(detail, str):
        assert detail.strip(), f"{response.status_code} with an empty detail"
        return
    assert isinstance(detail, list), f"{response.status_code}: no detail"
    assert detail, f"{response.status_code}: an empty detail"
    for item in detail:
        assert isinstance(item.get("msg"), str), item
        assert item["msg"].strip(), item
        assert isinstance(item.get("loc"), list), item
        assert item["loc"], item
        assert "path" in item, item


def fuzz_api(app, examples: int, seed_value: int = 0, modes=tuple(GenerationMode)) -> FuzzReport:
    """Up to `examples` cases per operation and generation mode (fewer when hypothesis runs out
    of distinct ones, e.g. an operation without parameters)."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)  # starts the app's lifespan
    report = FuzzReport()
    created: list[str] = []  # ids of saved assessments, so the GETs also reach real ones
    try:
        for result in schema.get_all_operations():
            operation = result.ok()
            label = f"{operation.method.upper()} {operation.path}"
            report.operations.add(label)
            for mode in modes:
                _fuzz_operation(operation, label, mode, examples, seed_value, report, created)
        _other_methods(schema, report)
    finally:
        asgi.shutdown_lifespans()  # the app closes its rules engine and database
    return report


def _other_methods(schema, report: FuzzReport) -> None:
    """Every method a path does not declare: 405 with a message, never a 5xx."""
    with asgi.get_client(schema.app) as client:
        for path, item in schema.raw_schema["paths"].items():
            url = path.replace("{assessment_id}", "no-such-id")
            for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
                if method.lower() in item:
                    continue
                response = client.request(method, url, json={})
                report.requests += 1
                label = f"{method} {path}"
                report.statuses[(label, response.status_code)] += 1
                if response.status_code != 405:
                    report.failures.append(f"{label}: {response.status_code}, not 405")
                try:
                    clear_error(None, response, None)
                except AssertionError as failure:
                    report.failures.append(f"{label}: {failure}")


def _fuzz_operation(operation, label, mode, examples, seed_value, report, created) -> None:
    schema_policy = operation.schema.app.state.advisor.policy

    @seed(seed_value)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=False,
        phases=[Phase.explicit, Phase.generate],  # every failure is recorded, none shrunk
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), pick=st.randoms())
    def run(case, pick: random.Random) -> None:
        if ID_PARAMETER in (case.path_parameters or {}) and created and pick.random() < 0.5:
            case.path_parameters[ID_PARAMETER] = pick.choice(created)
        if mode.is_positive:
            _distinct_service_names(case.body)
            _options_that_fit(case.body, schema_policy)
            _option_that_fits(case.body, schema_policy)
        report.requests += 1
        try:
            response = case.call(timeout=TIMEOUT)
        except requests.exceptions.Timeout:
            report.failures.append(f"{label} ({mode.value}): no answer within {TIMEOUT} s")
            report.statuses[(label, 0)] += 1  # 0: no answer
            return
        report.statuses[(label, response.status_code)] += 1
        try:
            case.validate_response(response, additional_checks=[clear_error])
        except (Exception, BaseExceptionGroup) as failure:  # schemathesis's FailureGroup
            report.failures.append(f"{label} ({mode.value}): {failure}")
            return
        if response.status_code == 201:
            created.append(response.json()["id"])

    with contextlib.suppress(Unsatisfiable):  # an operation without input has no invalid data
        run()


def _distinct_service_names(body: object) -> None:
    """Services must have distinct names, which JSON Schema cannot say (the schema's
    description does): valid data gets distinct names."""
    services = body.get("services") if isinstance(body, dict) else None
    seen: set[str] = set()
    for i, service in enumerate(services or ()):
        if service["name"] in seen:
            service["name"] = f"{service['name'][:180]} #{i}"
        seen.add(service["name"])


def _options_that_fit(body: object, policy) -> None:
    """Two options to compare are of one kind (two forms, or two routes for a service of the
    answers), which JSON Schema cannot say (the schema's description does): valid data gets
    two distinct options of the first one's kind, and a service only for routes."""
    if not (isinstance(body, dict) and isinstance(body.get("options"), list)):
        return
    answers = body["answers"]
    _distinct_service_names(answers)
    names = [s["name"] for s in answers.get("services") or ()]
    a, b = [*body["options"], None, None][:2]
    routes = a in policy.route_ids and bool(names)
    kind = policy.route_ids if routes else policy.form_ids
    if a not in kind:
        a = kind[0]
    body["options"] = [a, b if b in kind and b != a else next(o for o in kind if o != a)]
    if not routes:
        body["service"] = None
    elif body.get("service") not in names:
        body["service"] = names[0]


def _option_that_fits(body: object, policy) -> None:
    """An option to reach: a route needs a service of the answers, a form none, which JSON
    Schema cannot say (the schema's description does): valid data gets a fitting pair."""
    if not (isinstance(body, dict) and isinstance(body.get("option"), str)):
        return
    answers = body["answers"]
    _distinct_service_names(answers)
    names = [s["name"] for s in answers.get("services") or ()]
    if body["option"] in policy.route_ids and names:
        if body.get("service") not in names:
            body["service"] = names[0]
    else:
        if body["option"] not in policy.form_ids:
            body["option"] = policy.form_ids[0]
        body["service"] = None
