"""Generated requests against the API's own OpenAPI schema (Schemathesis).

For every operation, Schemathesis makes valid and invalid requests from the
schema; each answer must not be a server error and must match the schema
documented for its status code. The examples are few and fixed (derandomised),
so this runs in seconds in every ``make test``.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup, ServerError
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.endpoints import api
from tests.showcase.builders import award

pytestmark = pytest.mark.django_db

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler, on the test's own database connection.

    As Django's test client does, the handler must not close the connection at
    the end of a request: the test's transaction (and its data) lives on it.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def known_addresses(world) -> dict[str, list[str]]:
    """Path values that name something (public or not), beside generated ones."""
    return {
        "slug": ["high-street", "after-mode", "members-only", "not-live"],
        "public_id": [e.public_id for e in world.approved + world.unapproved],
    }


def cases(operation, known: dict[str, list[str]]):
    """Generated cases, and the same with their path naming a known object."""
    generated = operation.as_strategy()
    names = [name for name in known if "{" + name + "}" in operation.path]
    if not names:
        return generated

    def aimed(case, values):
        chosen = dict(zip(names, values, strict=True))
        case.path_parameters = {**case.path_parameters, **chosen}
        return case

    values = st.tuples(*(st.sampled_from(known[name]) for name in names))
    return st.one_of(generated, st.builds(aimed, generated, values))


def test_every_operation_is_tested():
    paths = {operation.path for operation in OPERATIONS}

    assert "/api/v1/competitions/{slug}/entries/" in paths
    assert "/api/v1/entries/{public_id}/" in paths
    assert len(OPERATIONS) == 7


def exercise(operation, world, wsgi_app) -> list[int]:
    """Run the generated cases of ``operation``; return the statuses seen."""
    seen = []

    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases(operation, known_addresses(world)))
    def run(case):
        response = case.call(app=wsgi_app)
        seen.append(response.status_code)
        case.validate_response(response, checks=CHECKS)

    run()
    return seen


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: o.label)
def test_generated_requests_get_answers_the_schema_describes(
    operation, world, wsgi_app
):
    award(world.entry("Shop fronts"), title="Best shop front")  # results are out

    seen = exercise(operation, world, wsgi_app)

    assert seen
    if "{" in operation.path:
        assert 200 in seen, "no generated case named a public object"


def test_a_server_error_would_be_caught(world, wsgi_app, monkeypatch):
    """Control: the run fails when an answer is a 500."""

    def broken(*args, **kwargs):
        raise RuntimeError("A bug in the entry list.")

    monkeypatch.setattr("api.presenters.entry", broken)
    operation = SCHEMA["/api/v1/entries/"]["GET"]

    with pytest.raises(FailureGroup) as failed:
        exercise(operation, world, wsgi_app)

    assert any(isinstance(error, ServerError) for error in failed.value.exceptions)
