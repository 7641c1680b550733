"""The answers model, built from `questionnaire.yaml`: what a valid answer document is.

Building the pydantic model from the questionnaire means validation, the API schema and the
web form can never disagree about what a valid answer is.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    create_model,
    field_validator,
)
from pydantic.config import JsonDict

from formadvisor.rules.loading import dotted
from formadvisor.rules.models import Question, Questionnaire

MAX_SERVICES = 50
TEXT_MAX = 200  # characters in a text answer


class AnswerProblem(NamedTuple):
    """One thing wrong with the answers: where (`("services", 1, "kind")`) and what."""

    loc: tuple[str | int, ...]
    message: str

    def __str__(self) -> str:
        return f"{dotted(self.loc) or 'answers'}: {self.message}"


class AnswersInvalid(ValueError):
    """Answers that do not fit the questionnaire; `problems` are `key.path: message` lines,
    `items` the same problems with their key paths apart (for an API's field paths)."""

    def __init__(self, problems: list[str] | list[AnswerProblem]):
        self.items = [p if isinstance(p, AnswerProblem) else AnswerProblem((), p) for p in problems]
        self.problems = [str(p) for p in problems]
        super().__init__("\n".join(self.problems))


class _Forbid(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _ServiceBase(_Forbid):
    pass


class _AnswersBase(_Forbid):
    @field_validator("services", check_fields=False)
    @classmethod
    def _unique_names(cls, services: tuple) -> tuple:
        seen: set[str] = set()
        for service in services:
            if service.name in seen:
                raise ValueError(f"two services are called '{service.name}'; names must differ")
            seen.add(service.name)
        return services


UNIQUE: JsonDict = {"uniqueItems": True}


def _each_once(values: tuple) -> tuple:
    if len(set(values)) != len(values):
        raise ValueError("a value is given twice")
    return values


def _whole_float(value: object) -> object:
    """JSON has one kind of number: `6.0` is the whole number 6 (JSON Schema agrees)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _field(q: Question) -> tuple[Any, Any]:
    description = q.text + (f" {q.hint}" if q.hint else "")
    # The types are made at run time from the questionnaire: to mypy they are Any.
    if q.type == "choice":
        type_: Any = Literal[q.values]
    elif q.type == "choices":
        choice: Any = Literal[q.values]
        type_ = Annotated[
            tuple[choice, ...],
            # each value at most once: the schema says so (API clients read it), the model checks
            Field(min_length=q.min_items, max_length=len(q.values), json_schema_extra=UNIQUE),
            AfterValidator(_each_once),
        ]
    elif q.type == "boolean":
        type_ = StrictBool
    elif q.type == "integer":
        type_ = Annotated[
            StrictInt, Field(ge=q.minimum, le=q.maximum), BeforeValidator(_whole_float)
        ]
    else:
        # `maximum` of a text question: its most characters (at most TEXT_MAX)
        type_ = Annotated[str, Field(min_length=1, max_length=min(q.maximum or TEXT_MAX, TEXT_MAX))]
    if q.required:
        return type_, Field(..., description=description)
    if q.default is None:
        return type_ | None, Field(None, description=description)
    return type_, Field(q.default, description=description)


@cache
def _service_model(questionnaire: Questionnaire) -> type[BaseModel]:
    # Any: create_model's ** also takes its own __config__, __doc__ and so on.
    service_fields: dict[str, Any] = {q.id: _field(q) for q in questionnaire.service_questions}
    return create_model("Service", __base__=_ServiceBase, **service_fields)


def _services_field(questionnaire: Questionnaire) -> tuple[Any, Any]:
    return (
        Annotated[tuple[_service_model(questionnaire), ...], Field(max_length=MAX_SERVICES)],  # type: ignore[misc]
        Field((), description="The services the new body would run, each with its own name."),
    )


@cache
def answers_model(questionnaire: Questionnaire) -> type[BaseModel]:
    """The pydantic model of one answer document (cached: the questionnaire is frozen)."""
    fields: dict[str, Any] = {q.id: _field(q) for q in questionnaire.questions}
    fields["services"] = _services_field(questionnaire)
    return create_model("Answers", __base__=_AnswersBase, **fields)


SERVICES_JOINED = "services_joined"  # a practice's answer in a group: the services it would join


@cache
def group_facts_model(questionnaire: Questionnaire, derived: tuple[str, ...]) -> type[BaseModel]:
    """A group organiser's answers: the facts (`asked_of: organiser`) and the services, less
    the `derived` ones the group works out (the number of practices)."""
    fields: dict[str, Any] = {
        q.id: _field(q)
        for q in questionnaire.questions
        if q.asked_of == "organiser" and q.id not in derived
    }
    fields["services"] = _services_field(questionnaire)
    return create_model("GroupFacts", __base__=_AnswersBase, **fields)


@cache
def practice_model(questionnaire: Questionnaire) -> type[BaseModel]:
    """One practice's answers in a group: the questions of opinion (`asked_of: practice`) and
    `services_joined`, the names of the services it would join (all of them when left out)."""
    fields: dict[str, Any] = {
        q.id: _field(q) for q in questionnaire.questions if q.asked_of == "practice"
    }
    fields[SERVICES_JOINED] = (
        Annotated[
            tuple[Annotated[str, Field(min_length=1, max_length=TEXT_MAX)], ...],
            Field(max_length=MAX_SERVICES, json_schema_extra=UNIQUE),
            AfterValidator(_each_once),
        ]
        | None,
        Field(None, description="The names of the services this practice would join."),
    )
    return create_model("PracticeAnswers", __base__=_Forbid, **fields)


def validate_answers(questionnaire: Questionnaire, data: object) -> BaseModel:
    """Validate an answer document; raise `AnswersInvalid` naming every bad key path."""
    model = answers_model(questionnaire)
    if not isinstance(data, dict):
        raise AnswersInvalid(["the answers must be a mapping of question keys to answers"])
    duplicates = _duplicate_list_items(questionnaire, data)
    if duplicates:
        raise AnswersInvalid(duplicates)
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise AnswersInvalid([answer_problem(err) for err in e.errors()]) from None


def _duplicate_list_items(questionnaire: Questionnaire, data: dict) -> list[AnswerProblem]:
    out = []
    for q in questionnaire.questions:
        value = data.get(q.id)
        if q.type == "choices" and isinstance(value, list | tuple):
            hashable = [v for v in value if isinstance(v, str)]
            if len(set(hashable)) != len(hashable):
                out.append(AnswerProblem((q.id,), "a value is given twice"))
    return out


def duplicate_list_items(questionnaire: Questionnaire, answers: BaseModel) -> list[AnswerProblem]:
    """Lists of choices that name a value twice (the model alone lets them pass)."""
    return _duplicate_list_items(questionnaire, answers.model_dump())


def answer_problem(err: Any) -> AnswerProblem:
    """One pydantic error on an answer document, in the project's words."""
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    if err["type"] == "extra_forbidden":
        return AnswerProblem(loc, "unknown question (check its spelling)")
    if err["type"] == "missing":
        return AnswerProblem(loc, "an answer is required")
    if err["type"] == "literal_error":
        return AnswerProblem(loc, err["msg"].replace("Input should be", "must be"))
    text = err["msg"].removeprefix("Value error, ").replace("Tuple should", "The list should")
    return AnswerProblem(loc, text)
