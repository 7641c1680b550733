"""The public API: what `formadvisor/__init__.py` promises is importable and works."""

from __future__ import annotations

import datetime as dt

import formadvisor
from tests.support.data import RULES, WALES_PHARMACY


def test_every_public_name_is_importable():
    for name in formadvisor.__all__:
        assert getattr(formadvisor, name) is not None, name


def test_recommend_through_the_public_api():
    advisor = formadvisor.Advisor(formadvisor.load_policy(RULES))
    try:
        result = advisor.recommend(WALES_PHARMACY, as_of=dt.date(2026, 12, 6))
        trace = advisor.trace(advisor.validate(WALES_PHARMACY), dt.date(2026, 12, 6))
    finally:
        advisor.close()
    assert isinstance(result, formadvisor.Recommendation)
    assert result.organisational_form.recommended in advisor.policy.form_ids
    assert isinstance(trace, formadvisor.Trace)
    assert all(isinstance(f, formadvisor.Firing) for f in trace.firings())
    assert {r.rule for r in result.fired_rules} == {f.rule for f in trace.firings()}
