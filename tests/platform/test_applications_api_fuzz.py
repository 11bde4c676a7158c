"""Schemathesis against the applications API's OpenAPI schema: no input makes it fail with a 5xx."""

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings

from gongkai_platform.agencies.models import Agency, Jurisdiction, Membership, Role


@pytest.fixture
def keep_connection():
    """Like Django's test client: the WSGI app must not close the test transaction's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def session_cookie(db):
    j = Jurisdiction.objects.create(name="满洲里市", slug="manzhouli")
    agency = Agency.objects.create(jurisdiction=j, name="满洲里市统计局", slug="stats", org_code="X1")
    user = get_user_model().objects.create_user(username="clerk", password="correct-horse-battery")
    Membership.objects.create(user=user, agency=agency, role=Role.EDITOR)
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value}


def test_api_never_answers_with_a_server_error(session_cookie, keep_connection):
    schema = schemathesis.openapi.from_wsgi("/yisqing/api/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 5
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            cache.clear()  # keep the submission rate limit from hiding the endpoint
            response = case.call(cookies=session_cookie)
            assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:500]}"

        check()
