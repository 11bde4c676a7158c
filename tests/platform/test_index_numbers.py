"""索引号 allocation: consecutive, per agency and year, and safe under concurrent publishing on PostgreSQL."""

import threading
from datetime import date

import pytest
from django.db import connection, connections, transaction

from gongkai_platform.catalogue import index_numbers, services
from gongkai_platform.catalogue.models import InformationItem, State


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
