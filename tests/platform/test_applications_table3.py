"""Table 三 and Table 四 from the database equal a count made directly from the cases."""

import random
from collections import Counter
from datetime import date, timedelta

import pytest

from gongkai.standard.formats import APPLICANT_COLUMNS, format_for_year
from gongkai_platform.agencies.models import Agency, Jurisdiction
from gongkai_platform.appeals.models import Appeal
from gongkai_platform.appeals.table4 import table4
from gongkai_platform.applications.models import Application, CaseState
from gongkai_platform.applications.outcomes import OUTCOMES
from gongkai_platform.applications.table3 import table3

pytestmark = pytest.mark.django_db


def make_agency(slug="stats"):
    j, _ = Jurisdiction.objects.get_or_create(name="满洲里市", slug="manzhouli")
    return Agency.objects.create(jurisdiction=j, name=f"满洲里市{slug}局", slug=slug, org_code=f"1115{slug}")


def random_cases(agency, rng, n):
    cases = []
    for i in range(n):
        received = date(2019, 1, 1) + timedelta(days=rng.randrange(6 * 365))
        closed = rng.random() < 0.85
        replied = received + timedelta(days=rng.randrange(90)) if closed else None
        cases.append(
            Application(
                agency=agency,
                tracking_number=f"T{agency.pk}-{i}",
                applicant_kind=rng.choice(APPLICANT_COLUMNS),
                applicant_name="申请人",
                id_number="x",
                phone="1",
                description="信息",
                delivery_form="electronic",
                delivery_method="email",
                channel="online",
                received_on=received,
                state=CaseState.CLOSED if closed else CaseState.RUNNING,
                outcome=rng.choice(list(OUTCOMES)) if closed else "",
                replied_on=replied,
            )
        )
    Application.objects.bulk_create(cases)
    return cases


def open_at(case, day):
    return case.replied_on is None or case.replied_on > day


def direct_count(cases, year):
    """Per case, the rows it falls in, written from the report's definitions."""
    counts = Counter()
    legacy = format_for_year(year).id == "2019"
    for c in cases:
        rows = []
        if c.received_on.year == year:
            rows.append("new")
        if c.received_on.year < year and open_at(c, date(year - 1, 12, 31)):
            rows.append("carried_in")
        if c.replied_on and c.replied_on.year == year:
            rows += [
                "total",
                c.outcome.split(".")[0] if legacy and c.outcome.startswith("other.") else c.outcome,
            ]
        if c.received_on.year <= year and open_at(c, date(year, 12, 31)):
            rows.append("carried_out")
        for r in rows:
            counts[f"s3.{r}.{c.applicant_kind}"] += 1
            counts[f"s3.{r}.total"] += 1
    return counts


@pytest.mark.parametrize("seed", [1, 2])
def test_table3_equals_direct_count_over_thousands_of_cases(seed, django_assert_num_queries):
    rng = random.Random(seed)
    agency, other = make_agency(f"a{seed}"), make_agency(f"b{seed}")
    cases = random_cases(agency, rng, 2500)
    random_cases(other, rng, 300)  # another agency's cases never leak in
    for year in (2019, 2020, 2021, 2023, 2024):
        with django_assert_num_queries(1):
            got = table3(agency, year)
        fmt = format_for_year(year)
        assert set(got) == {c.id for c in fmt.tables_in(3)[0].cells()}
        expected = direct_count(cases, year)
        assert {k: v for k, v in got.items() if v} == dict(expected)
        for col in (*APPLICANT_COLUMNS, "total"):  # s3.balance
            assert (
                got[f"s3.new.{col}"] + got[f"s3.carried_in.{col}"]
                == got[f"s3.total.{col}"] + got[f"s3.carried_out.{col}"]
            )


def test_year_boundary_carry_over():
    agency = make_agency()
    [case] = random_cases(agency, random.Random(0), 1)
    Application.objects.filter(pk=case.pk).update(
        received_on=date(2023, 12, 20),
        replied_on=None,
        outcome="",
        state=CaseState.RUNNING,
        applicant_kind="legal",
    )
    assert table3(agency, 2023)["s3.carried_out.legal"] == 1
    assert table3(agency, 2024)["s3.carried_in.legal"] == 1
    Application.objects.filter(pk=case.pk).update(
        replied_on=date(2024, 1, 10), outcome="other.no_fee_paid", state=CaseState.CLOSED
    )
    t24 = table3(agency, 2024)
    assert (
        t24["s3.carried_in.legal"] == 1
        and t24["s3.other.no_fee_paid.legal"] == 1
        and t24["s3.carried_out.legal"] == 0
    )


def test_table4_counts_filed_cases_with_result_known_at_year_end(django_assert_num_queries):
    agency = make_agency()
    [case] = random_cases(agency, random.Random(0), 1)
    Application.objects.filter(pk=case.pk).update(received_on=date(2022, 1, 3))
    case.refresh_from_db()
    Appeal.objects.bulk_create(
        [
            Appeal(
                application=case,
                agency=agency,
                group="review",
                organ="市政府",
                filed_on=date(2023, 3, 1),
                result="upheld",
                concluded_on=date(2023, 5, 1),
            ),
            Appeal(
                application=case,
                agency=agency,
                group="review",
                organ="市政府",
                filed_on=date(2023, 11, 1),
                result="corrected",
                concluded_on=date(2024, 1, 5),
            ),
            Appeal(
                application=case,
                agency=agency,
                group="suit_direct",
                organ="区法院",
                filed_on=date(2023, 6, 1),
            ),
            Appeal(
                application=case,
                agency=agency,
                group="suit_after_review",
                organ="中院",
                filed_on=date(2022, 6, 1),
            ),
        ]
    )
    with django_assert_num_queries(1):
        t = table4(agency, 2023)
    assert t["s4.review.upheld"] == 1 and t["s4.review.pending"] == 1 and t["s4.review.total"] == 2
    assert t["s4.suit_direct.pending"] == 1 and t["s4.suit_after_review.total"] == 0
    for group in ("review", "suit_direct", "suit_after_review"):
        parts = ("upheld", "corrected", "other", "pending")
        assert t[f"s4.{group}.total"] == sum(t[f"s4.{group}.{p}"] for p in parts)
