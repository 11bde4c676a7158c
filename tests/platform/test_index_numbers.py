"""索引号 allocation: consecutive, per agency and year, and safe under concurrent publishing on PostgreSQL."""

import threading
from datetime import date

import pytest
from django.db import connection, connections, transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai_platform.catalogue import index_numbers, services
from gongkai_platform.catalogue.models import InformationItem, State, Topic


def test_numbers_are_consecutive_per_agency_and_year(staff, tree, draft, publish):
    numbers = [
        publish(draft(staff["editor"], tree["stats"], title=f"第{i}号")).index_number for i in range(3)
    ]
    year = date.today().year
    assert numbers == [f"11152200MB0000002/{year}-0000{i}" for i in (1, 2, 3)]


def test_agencies_and_years_have_their_own_sequences(tree):
    with transaction.atomic():
        assert index_numbers.allocate(tree["stats"], 2025) == 1
        assert index_numbers.allocate(tree["stats"], 2026) == 1
        assert index_numbers.allocate(tree["office"], 2025) == 1
        assert index_numbers.allocate(tree["stats"], 2025) == 2


def test_rolled_back_allocation_leaves_no_gap(tree):
    with pytest.raises(RuntimeError), transaction.atomic():
        index_numbers.allocate(tree["stats"], 2025)
        raise RuntimeError("publication failed")
    with transaction.atomic():
        assert index_numbers.allocate(tree["stats"], 2025) == 1


@pytest.mark.django_db(transaction=True)
def test_allocation_outside_a_transaction_is_refused(tree):
    with pytest.raises(RuntimeError):
        index_numbers.allocate(tree["stats"], 2025)


def test_format():
    assert index_numbers.format_index_number("13566001", 2022, 330) == "13566001/2022-00330"


@pytest.mark.django_db(transaction=True)
def test_parallel_publishes_get_distinct_consecutive_numbers(staff, tree, draft):
    if connection.vendor != "postgresql":
        pytest.skip("row locking under real concurrency is tested on PostgreSQL")
    items = []
    for i in range(20):
        item = services.submit_for_review(
            staff["editor"], draft(staff["editor"], tree["stats"], title=f"并发{i}")
        )
        items.append(services.approve_review(staff["reviewer"], item))
    barrier = threading.Barrier(len(items))
    errors = []

    def sign(item):
        try:
            barrier.wait()
            services.sign_off(staff["signer"], item)
        except Exception as exc:  # collected and asserted below, a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(item,)) for item in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    published = InformationItem.objects.filter(agency=tree["stats"], state=State.PUBLISHED)
    assert sorted(published.values_list("index_serial", flat=True)) == list(range(1, 21))
    assert published.values("index_number").distinct().count() == 20


def test_custom_scheme_segments():
    scheme = index_numbers.Scheme(period="month", separator="-", topic_code=True, serial_width=6)
    assert scheme.format("01527918X", "202110", 13, "0101") == "01527918X-202110-0101-000013"
    monthly = index_numbers.Scheme(period="month")
    assert monthly.format("11341702486344515H", monthly.period_of(date(2021, 10, 8)), 13) == (
        "11341702486344515H/202110-00013"  # 宁国市商务局's published form (domain.md §4.2)
    )
    assert index_numbers.DEFAULT.format("13566001", "2022", 330) == "13566001/2022-00330"


@given(
    period=st.sampled_from(["year", "month"]),
    separator=st.sampled_from(["/", "-"]),
    topic=st.booleans(),
    width=st.integers(3, 8),
    serials=st.lists(st.integers(1, 999), min_size=2, max_size=5, unique=True),
)
@settings(max_examples=40, deadline=None)
def test_any_scheme_gives_distinct_numbers_that_end_in_the_serial(period, separator, topic, width, serials):
    scheme = index_numbers.Scheme(period, separator, topic, width)
    on = date(2026, 7, 15)
    numbers = [scheme.format("01150788", scheme.period_of(on), n, "0202") for n in serials]
    assert len(set(numbers)) == len(serials)
    for n, number in zip(serials, numbers, strict=True):
        assert number.startswith(f"01150788{separator}2026")
        assert number.endswith(f"-{n:0{width}d}")
        assert ("-0202-" in number) == topic


def _monthly(tree):
    area = tree["city"]
    area.index_period, area.index_separator, area.index_serial_width, area.index_topic_code = (
        "month",
        "-",
        6,
        True,
    )
    area.save()


def test_a_monthly_scheme_restarts_its_serial_each_month(staff, tree, draft):
    _monthly(tree)
    numbers = [
        services.publish(
            staff["signer"], draft(staff["editor"], tree["stats"], title=f"{on}"), on=on
        ).index_number
        for on in (date(2026, 1, 30), date(2026, 1, 31), date(2026, 2, 2))
    ]
    assert numbers == [
        "11152200MB0000002-202601-0203-000001",  # 0203: 国民经济管理、国有资产监管\\统计, the drafts' topic
        "11152200MB0000002-202601-0203-000002",
        "11152200MB0000002-202602-0203-000001",
    ]
    other = tree["kc"]  # another jurisdiction keeps the default scheme
    assert services.publish(
        staff["signer"], draft(staff["county_editor"], other), on=date(2026, 2, 2)
    ).index_number == ("13566001/2026-00001")


def test_the_topic_code_segment_comes_from_the_item_topic(staff, tree, draft):
    _monthly(tree)
    topic = Topic.objects.get(parent__name="国民经济管理、国有资产监管", name="统计")
    item = services.publish(
        staff["signer"], draft(staff["editor"], tree["stats"], topic=topic), on=date(2026, 3, 2)
    )
    assert item.index_number == f"11152200MB0000002-202603-{topic.code}-000001" and topic.code == "0203"


@pytest.mark.django_db(transaction=True)
def test_parallel_publishes_under_a_custom_scheme_are_gap_free(staff, tree, draft):
    if connection.vendor != "postgresql":
        pytest.skip("row locking under real concurrency is tested on PostgreSQL")
    _monthly(tree)
    items = []
    for i in range(12):
        item = services.submit_for_review(
            staff["editor"], draft(staff["editor"], tree["stats"], title=f"月{i}")
        )
        items.append(services.approve_review(staff["reviewer"], item))
    barrier = threading.Barrier(len(items))
    errors = []

    def sign(item):
        try:
            barrier.wait()
            services.sign_off(staff["signer"], item)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(item,)) for item in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    published = InformationItem.objects.filter(agency=tree["stats"], state=State.PUBLISHED)
    assert sorted(published.values_list("index_serial", flat=True)) == list(range(1, 13))
    period = date.today().strftime("%Y%m")
    assert {n.rsplit("-", 1)[0] for n in published.values_list("index_number", flat=True)} == {
        f"11152200MB0000002-{period}-0203"
    }
