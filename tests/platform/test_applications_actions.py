"""The case page offers exactly the actions the state and the user's role allow: every state × every role,
against a hand-written table."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai_platform.agencies.models import Role
from gongkai_platform.applications import actions, services
from gongkai_platform.workdays.models import CalendarYear
from tests.platform.test_applications_workflow import counter, fields, seeded_calendar, user  # noqa: F401

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
HANDLING = ["caseworker", "editor", "reviewer"]  # the handlers who are not the head
RUNNING = [
    "correction",
    "consult_start",
    "propose_extension",
    "reasons_request",
    "fee_notice",
    "attach",
    "forward",
    "close",
]


def head_of(keys):
    return [("extend" if k == "propose_extension" else k) for k in keys]


# state name -> (how to build it, expected keys for a handler who is not the head, for the head)
def build(state, agency, clerk, head):
    if state == "pending":
        return services.register_online({"agency": agency, **fields()})
    app = counter(clerk, agency, received=TODAY)
    match state:
        case "running":
            pass
        case "running_after_consultation":
            services.start_consultation(clerk, app, TODAY, "某公司")
            services.end_consultation(clerk, app, TODAY, "某公司")
        case "running_extended":
            services.extend(head, app, TODAY, 5, "资料多")
        case "extension_proposed":
            services.propose_extension(clerk, app, TODAY, 5, "资料多")
        case "reasons_requested":
            services.request_reasons(clerk, app, TODAY, "大量申请")
        case "reasons_received":
            services.request_reasons(clerk, app, TODAY, "大量申请")
            services.receive_reasons(clerk, app, TODAY, "研究需要")
        case "awaiting_correction":
            services.request_correction(clerk, app, TODAY, 10, "请写明文号")
        case "consulting":
            services.start_consultation(clerk, app, TODAY, "某公司")
        case "awaiting_fee":
            app = counter(clerk, agency, received=TODAY, pieces=40)
            services.send_fee_notice(clerk, app, TODAY, "per_piece")
        case "closed":
            services.close(clerk, app, "granted", TODAY)
        case "overdue":
            app = counter(clerk, agency, received=date(2025, 3, 3))
        case "correction_lapsed":
            app = counter(clerk, agency, received=date(2025, 3, 3))
            services.request_correction(clerk, app, date(2025, 3, 4), 5, "请写明文号")
        case "fee_lapsed":
            app = counter(clerk, agency, received=date(2025, 3, 3), pieces=40)
            services.send_fee_notice(clerk, app, date(2025, 3, 4), "per_piece")
    app.refresh_from_db()
    return app


AFTER_CORRECTION_WINDOW = [k for k in RUNNING if k != "correction"]
EXPECTED = {
    "pending": (["confirm"], ["confirm"]),
    "running": (RUNNING, head_of(RUNNING)),
    "running_after_consultation": (AFTER_CORRECTION_WINDOW, head_of(AFTER_CORRECTION_WINDOW)),
    "running_extended": (
        [k for k in AFTER_CORRECTION_WINDOW if k != "propose_extension"],
        [k for k in AFTER_CORRECTION_WINDOW if k != "propose_extension"],
    ),
    "extension_proposed": (
        [k for k in AFTER_CORRECTION_WINDOW if k != "propose_extension"],
        head_of(AFTER_CORRECTION_WINDOW),
    ),
    "reasons_requested": (
        [("reasons_received" if k == "reasons_request" else k) for k in AFTER_CORRECTION_WINDOW],
        head_of([("reasons_received" if k == "reasons_request" else k) for k in AFTER_CORRECTION_WINDOW]),
    ),
    "reasons_received": (
        [("defer" if k == "reasons_request" else k) for k in AFTER_CORRECTION_WINDOW],
        head_of([("defer" if k == "reasons_request" else k) for k in AFTER_CORRECTION_WINDOW]),
    ),
    "awaiting_correction": (["correction_received"], ["correction_received"]),
    "correction_lapsed": (["correction_received", "abandon"], ["correction_received", "abandon"]),
    "consulting": (
        ["consult_end", "consult_start", "propose_extension", "attach"],
        ["consult_end", "consult_start", "extend", "attach"],
    ),
    "awaiting_fee": (["fee_paid"], ["fee_paid"]),
    "fee_lapsed": (["fee_paid", "abandon_fee"], ["fee_paid", "abandon_fee"]),
    "closed": ([], []),
    # received 2025-03-03, due 2025-03-31: no extension any more, everything else stays open
    "overdue": (
        [k for k in RUNNING if k != "propose_extension"],
        [k for k in RUNNING if k != "propose_extension"],
    ),
}


@pytest.fixture
def people(tree):
    agency = tree["stats"]
    CalendarYear.objects.get_or_create(year=TODAY.year + 1, defaults={"source": "测试：仅周末"})
    people = {
        "caseworker": user("caseworker", agency, Role.CASEWORKER),
        "editor": user("editor", agency, Role.EDITOR),
        "reviewer": user("reviewer", agency, Role.REVIEWER),
        "signer": user("signer", agency, Role.SIGNER),
        "supervisor": user("supervisor", tree["office"], Role.SUPERVISOR),
        "other_agency": user("other", tree["office"], Role.CASEWORKER),
        "admin": get_user_model().objects.create_superuser("root", "r@example.cn", "x"),
    }
    return agency, people


@pytest.mark.parametrize("state", list(EXPECTED))
def test_only_the_actions_possible_now_for_each_role(people, state):
    agency, who = people
    app = build(state, agency, who["caseworker"], who["signer"])
    clerk_keys, head_keys = EXPECTED[state]
    for role in HANDLING:
        assert actions.available(app, who[role]) == clerk_keys, role
    assert actions.available(app, who["signer"]) == head_keys
    for role in ("supervisor", "other_agency", "admin"):
        assert actions.available(app, who[role]) == [], role


def test_the_page_shows_exactly_those_forms_and_refuses_others(people, client):
    agency, who = people
    app = build("awaiting_correction", agency, who["caseworker"], who["signer"])
    client.force_login(who["caseworker"])
    page = client.get(f"/yisqing/staff/{app.pk}/").content.decode()
    shown = [k for k in actions.ACTIONS if f'id="form-{k}"' in page]
    assert shown == ["correction_received"]
    assert "第三十条" in page
    r = client.post(
        f"/yisqing/staff/{app.pk}/close/", {"on": TODAY.isoformat(), "outcome": "granted"}, follow=True
    )
    assert "当前不能办理" in r.content.decode() and app.steps.count() == 1
    client.force_login(who["supervisor"])
    page = client.get(f"/yisqing/staff/{app.pk}/").content.decode()
    assert not [k for k in actions.ACTIONS if f'id="form-{k}"' in page]


def test_state_table_covers_every_case_state():
    from gongkai_platform.applications.models import CaseState

    built = {"pending", "running", "awaiting_correction", "consulting", "awaiting_fee", "closed"}
    assert built == set(CaseState.values)
    assert all(s in EXPECTED for s in built)
