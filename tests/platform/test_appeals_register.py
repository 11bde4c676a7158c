"""The 复议/诉讼 register: cases not tied to an application on the platform, each with its own agency and
subject, all counted in Table 四; how a case counts across years; the migration that gave existing cases their
agency."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client, override_settings

from gongkai_platform.agencies.models import Role
from gongkai_platform.appeals import services
from gongkai_platform.appeals.models import Appeal, Subject
from gongkai_platform.appeals.table4 import table4
from gongkai_platform.auditlog.models import AuditEntry
from tests.platform.conftest import make_user
from tests.platform.test_applications_workflow import counter


@pytest.fixture
def clerk(tree):
    return make_user("clerk", tree["stats"], Role.CASEWORKER)


def case(clerk, agency, group="review", filed=date(2024, 3, 1), **fields):
    fields = {"subject": Subject.PROACTIVE, "matter": "认为未主动公开2023年部门预算", **fields}
    return services.register_case(
        clerk, agency, group=group, organ="满洲里市人民政府", filed_on=filed, **fields
    )


def test_a_case_about_proactive_disclosure_counts_in_table_four(tree, clerk):
    stats = tree["stats"]
    review = case(clerk, stats)
    case(clerk, stats, "suit_direct", date(2024, 5, 2), subject=Subject.OTHER, matter="不服投诉处理")
    case(
        clerk,
        stats,
        "suit_after_review",
        date(2024, 9, 9),
        subject=Subject.APPLICATION,
        matter="不服2018年第3号申请的答复（平台启用前）",
    )
    services.conclude(clerk, review, "corrected", date(2024, 6, 30))
    cells = table4(stats, 2024)
    # hand count: one case in each group; only the review decided (纠正) by 31 December
    assert (cells["s4.review.corrected"], cells["s4.review.total"]) == (1, 1)
    assert (cells["s4.suit_direct.pending"], cells["s4.suit_direct.total"]) == (1, 1)
    assert (cells["s4.suit_after_review.pending"], cells["s4.suit_after_review.total"]) == (1, 1)
    assert sum(cells.values()) == 6
    assert table4(tree["office"], 2024)["s4.review.total"] == 0  # another agency's Table 四
    entry = AuditEntry.objects.filter(action="appeal.registered").first()
    assert entry.changes["agency"] == stats.pk and entry.changes["application"] is None


def test_a_case_without_an_application_must_say_what_it_is_about(tree, clerk):
    with pytest.raises(ValidationError, match="请填写事由"):
        case(clerk, tree["stats"], matter="  ")
    with pytest.raises(PermissionDenied):
        case(clerk, tree["office"])  # the clerk does not handle the office's work
    assert not Appeal.objects.exists()


def test_an_application_belongs_to_its_subject_and_agency(tree, clerk):
    app = counter(clerk, tree["stats"], received=date(2024, 1, 5))
    with pytest.raises(ValidationError, match="所涉事项应为依申请公开"):
        case(clerk, tree["stats"], application=app)
    other = make_user("other", tree["office"], Role.CASEWORKER)
    with pytest.raises(ValidationError, match="被申请人应为办理所涉申请的机关"):
        case(other, tree["office"], application=app, subject=Subject.APPLICATION)
    linked = services.register(
        clerk, app, group="review", organ="满洲里市人民政府", filed_on=date(2024, 2, 1)
    )
    assert (linked.agency, linked.subject) == (tree["stats"], Subject.APPLICATION)


@pytest.mark.parametrize(
    ("mode", "expected_2025"),
    [
        # filed 2024-11-01, decided 2025-03-01: counted once, in 2024, as 尚未审结
        ("filing_year", {"s4.review.total": 0, "s4.review.upheld": 0}),
        # carry_open: counted again in 2025, now decided (维持)
        ("carry_open", {"s4.review.total": 1, "s4.review.upheld": 1}),
    ],
)
def test_counting_across_years_is_configurable(tree, clerk, mode, expected_2025):
    stats = tree["stats"]
    late = case(clerk, stats, filed=date(2024, 11, 1))
    services.conclude(clerk, late, "upheld", date(2025, 3, 1))
    decided = case(clerk, stats, filed=date(2024, 2, 1))
    services.conclude(clerk, decided, "other", date(2024, 4, 1))  # decided in its year: never carried
    with override_settings(GONGKAI_APPEALS_COUNTING=mode):
        in_2024, in_2025 = table4(stats, 2024), table4(stats, 2025)
    assert (in_2024["s4.review.pending"], in_2024["s4.review.other"], in_2024["s4.review.total"]) == (1, 1, 2)
    assert {k: in_2025[k] for k in expected_2025} == expected_2025


def test_the_register_page_enters_and_concludes_a_case(tree, clerk):
    client = Client()
    client.force_login(clerk)
    page = client.get("/staff/appeals/").content.decode()
    assert "登记案件" in page
    bad = {
        "agency": tree["stats"].pk,
        "subject": "proactive",
        "matter": "认为未公开部门决算",
        "group": "review",
    }
    page = client.post("/staff/appeals/new/", {**bad, "organ": "", "filed_on": ""}).content.decode()
    assert "认为未公开部门决算" in page and "必填" in page and not Appeal.objects.exists()  # input kept
    client.post("/staff/appeals/new/", {**bad, "organ": "满洲里市人民政府", "filed_on": "2024-04-01"})
    appeal = Appeal.objects.get()
    assert (appeal.agency, appeal.subject, appeal.application) == (tree["stats"], "proactive", None)
    page = client.get("/staff/appeals/").content.decode()
    assert "主动公开：认为未公开部门决算" in page
    client.post(f"/staff/appeals/{appeal.pk}/conclude/", {"result": "corrected", "on": "2024-06-01"})
    appeal.refresh_from_db()
    assert (appeal.result, appeal.concluded_on) == ("corrected", date(2024, 6, 1))


def test_a_supervisor_reads_the_register_but_registers_nothing(tree, staff):
    client = Client()
    client.force_login(staff["supervisor"])
    assert "登记案件" not in client.get("/staff/appeals/").content.decode()
    assert client.get("/staff/appeals/new/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_cases_their_applications_agency():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    before = [n for n in leaves if n[0] != "appeals"] + [("appeals", "0001_initial")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    jurisdiction = old.get_model("agencies", "Jurisdiction").objects.create(name="满洲里市", slug="m")
    agency = old.get_model("agencies", "Agency").objects.create(
        jurisdiction=jurisdiction, name="满洲里市统计局", slug="s", org_code="1"
    )
    app = old.get_model("applications", "Application").objects.create(
        agency=agency,
        tracking_number="T1",
        applicant_kind="natural",
        applicant_name="张三",
        description="公报",
        received_on=date(2023, 1, 3),
    )
    old.get_model("appeals", "Appeal").objects.create(
        application=app, group="review", organ="满洲里市人民政府", filed_on=date(2023, 3, 1)
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(leaves)
    moved = Appeal.objects.get()
    assert (moved.agency_id, moved.subject, moved.application_id) == (agency.pk, "application", app.pk)
