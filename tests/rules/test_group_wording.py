"""A group assessment's data: `asked_of`, `practice_text` and `combined_by` in the
questionnaire, and `groups.yaml`, whose every pattern `rules check` reads for its placeholders."""

from __future__ import annotations

import shutil

import pytest
from pydantic import ValidationError

from formadvisor.rules.checks import load_policy
from formadvisor.rules.layout import ignore_droppings
from formadvisor.rules.loading import RulesInvalid
from formadvisor.rules.models import Question, Questionnaire
from tests.support.data import RULES

BOOLEAN = {"id": "x", "text": "X?", "type": "boolean", "default": False}


def test_the_rules_carry_the_group_wording(policy):
    words = policy.groups
    assert words is not None
    assert len(words.rule) >= 5
    assert "{answer}" in words.split


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"practice_text": "Is yours?"}, "'practice_text' is for a question"),
        ({"combined_by": "all"}, "'combined_by: all' is for a yes-or-no question"),
        ({"asked_of": "everyone"}, "asked_of"),
    ],
)
def test_a_question_of_opinion_is_marked_consistently(extra, message):
    with pytest.raises(ValidationError, match=message):
        Question.model_validate({**BOOLEAN, **extra})
    choice = {"id": "y", "text": "Y?", "type": "choice", "choices": [{"value": "a", "label": "A"}]}
    with pytest.raises(ValidationError, match="'combined_by: all'"):
        Question.model_validate({**choice, "asked_of": "practice", "combined_by": "all"})
    fine = Question.model_validate({**BOOLEAN, "asked_of": "practice", "combined_by": "all"})
    assert fine.asked_of == "practice"


def test_a_services_answers_are_facts():
    with pytest.raises(ValidationError, match="a service's answers are facts"):
        Questionnaire.model_validate(
            {"questions": [], "service_questions": [{**BOOLEAN, "asked_of": "practice"}]}
        )


def test_rules_check_names_a_placeholder_a_group_line_may_not_use(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder, ignore=ignore_droppings)
    path = folder / "groups.yaml"
    path.write_text(path.read_text().replace("{answer}.", "{anser}.", 1))
    with pytest.raises(RulesInvalid) as e:
        load_policy(folder)
    (problem,) = e.value.problems
    assert problem.file == "rules/groups.yaml"
    assert "unknown placeholder {anser}" in problem.message
    assert problem.line > 1
