"""Schemathesis against the OpenAPI schema served by Django's live server: no generated input makes a 500."""

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.platform.portal_data import make_world, published


def test_no_input_makes_a_server_error(live_server, transactional_db):
    world = make_world()
    published(world.stats, world.column("article20-4"), "2024年统计公报", body="统计数据")
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 4
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def no_500(case):
            case.call_and_validate(base_url=live_server.url, checks=[not_a_server_error])

        no_500()
