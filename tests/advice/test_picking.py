"""`choose`: what an option id and a service name mean for one set of answers, and the one
line (command line) or 422 problem (API) an unknown name gives."""

from __future__ import annotations

import json

import pytest

from formadvisor.advice.picking import Choice, UnknownName, choose
from formadvisor.cli.options import refused
from formadvisor.rules.yamlfile import read_yaml
from formadvisor.web.api_errors import unknown_name
from tests.support.data import EXAMPLES


@pytest.fixture(scope="module")
def welsh(advisor):
    return advisor.validate(read_yaml(EXAMPLES / "welsh_cluster_pharmacists.yaml").data)


@pytest.fixture(scope="module")
def one_service(advisor):
    return advisor.validate(read_yaml(EXAMPLES / "small_group_no_entity.yaml").data)


def test_a_form_is_for_the_whole_group(policy, welsh):
    assert choose(policy, welsh, "llp", None) == Choice("form", "llp", None, None)


def test_a_route_is_for_the_named_service(policy, welsh):
    got = choose(policy, welsh, "apms", "Cluster wellbeing clinics")
    assert got == Choice("route", "apms", "Cluster wellbeing clinics", 1)


def test_with_one_service_the_service_may_be_left_out(policy, one_service):
    name = one_service.services[0].name
    assert choose(policy, one_service, "sla", None) == Choice("route", "sla", name, 0)


def test_an_unknown_option_lists_every_form_and_route(policy, welsh):
    with pytest.raises(UnknownName) as e:
        choose(policy, welsh, "plc", None, field="options")
    assert (e.value.field, e.value.value) == ("options", "plc")
    assert e.value.valid == (*policy.form_ids, *policy.route_ids)
    assert e.value.message.startswith("options: 'plc' is not known; use one of: no_new_entity,")


def test_a_route_needs_one_of_the_services(policy, welsh):
    names = tuple(s.name for s in welsh.services)
    for given in (None, "Dispensary"):
        with pytest.raises(UnknownName) as e:
            choose(policy, welsh, "apms", given)
        assert (e.value.field, e.value.value, e.value.valid) == ("service", given, names)
    assert e.value.message == "service: 'Dispensary' is not known; use one of: " + ", ".join(names)


def test_a_form_takes_no_service(policy, welsh):
    with pytest.raises(UnknownName) as e:
        choose(policy, welsh, "llp", "Cluster wellbeing clinics")
    assert (e.value.field, e.value.valid) == ("service", ())
    assert "leave it out" in e.value.message


def test_the_command_line_prints_one_line_and_exits_2(capsys):
    exit_ = refused(UnknownName("service", "Dispensary", ("A", "B")))
    assert exit_.exit_code == 2
    assert capsys.readouterr().err == "service: 'Dispensary' is not known; use one of: A, B\n"


def test_the_api_gives_a_422_problem_at_the_field():
    reply = unknown_name(UnknownName("options", "plc", ("llp", "apms")))
    assert reply.status_code == 422
    (problem,) = json.loads(reply.body)["detail"]
    assert problem["loc"] == ["body", "options"]
    assert problem["path"] == "options"
    assert problem["msg"] == "'plc' is not known; use one of: llp, apms"
    assert problem["type"] == "unknown_name"
