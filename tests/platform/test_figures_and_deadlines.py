"""Article 20 figures by query, and the 20-working-day publishing deadline with its overdue list."""

from datetime import date

import pytest

from gongkai.standard.formats import FORMAT_2019, FORMAT_2021
from gongkai_platform.annual_reports.sources import table2
from gongkai_platform.catalogue import deadlines, services
from gongkai_platform.catalogue.figures import article20_figures
from gongkai_platform.catalogue.models import InformationItem
from gongkai_platform.workdays.services import CalendarMissing


def test_article20_figures_come_from_the_catalogue(staff, tree, draft, publish):
    def normative(written, **extra):
        return publish(
            draft(staff["editor"], tree["stats"], doc_type="normative", written_on=written, **extra)
        )

    normative(date(2023, 5, 4))
    old = normative(date(2024, 2, 1))
    normative(date(2024, 6, 3))
    repealed_later = normative(date(2024, 7, 1))
    publish(draft(staff["editor"], tree["stats"], doc_type="rule", written_on=date(2024, 3, 1)))
    publish(draft(staff["editor"], tree["stats"], doc_type="other", written_on=date(2024, 3, 1)))
    services.change_validity(staff["signer"], old, "repealed", date(2024, 9, 1))
    services.change_validity(staff["signer"], repealed_later, "expired", date(2025, 1, 10))
    withdrawn = normative(date(2024, 8, 1))
    services.withdraw(staff["signer"], withdrawn, "误发")

    figures = article20_figures(tree["stats"], 2024)
    assert figures == {
        "s2.rules.issued": 1,
        "s2.rules.published": 0,  # all published today (2026 or later), none in 2024
        "s2.normative_docs.published": 0,
        "s2.rules.repealed": 0,
        "s2.rules.in_force": 1,
        "s2.normative_docs.issued": 3,
        "s2.normative_docs.repealed": 1,
        "s2.normative_docs.in_force": 3,
    }
    assert article20_figures(tree["stats"], 2025)["s2.normative_docs.repealed"] == 1
    assert article20_figures(tree["stats"], 2025)["s2.normative_docs.in_force"] == 2
    assert article20_figures(tree["office"], 2024)["s2.normative_docs.issued"] == 0


def test_2019_newly_published_counts_by_publication_date_not_written_date(staff, tree, draft):
    """本年新公开数量 (2019 format) counts by 发布日期; 本年新制作数量 and 2021's 本年制发件数 by 成文日期."""

    def normative(written, published):
        item = draft(staff["editor"], tree["stats"], doc_type="normative", written_on=written)
        return services.publish(staff["signer"], item, on=published)

    normative(date(2019, 12, 20), date(2020, 1, 6))  # made in 2019, published in 2020
    normative(date(2020, 3, 2), date(2020, 3, 9))  # made and published in 2020
    normative(date(2020, 12, 28), date(2021, 1, 4))  # made in 2020, published in 2021
    figures = article20_figures(tree["stats"], 2020)
    assert (figures["s2.normative_docs.issued"], figures["s2.normative_docs.published"]) == (2, 2)
    figures = article20_figures(tree["stats"], 2019)
    assert (figures["s2.normative_docs.issued"], figures["s2.normative_docs.published"]) == (1, 0)
    assert table2(tree["stats"], FORMAT_2019, 2021)["s2.normative_docs.published"] == 1
    assert table2(tree["stats"], FORMAT_2019, 2021)["s2.normative_docs.made"] == 0
    assert table2(tree["stats"], FORMAT_2021, 2021)["s2.normative_docs.issued"] == 0


def test_deadline_is_twenty_workdays_after_written_date(staff, tree, draft, calendar):
    item = draft(staff["editor"], tree["stats"], written_on=date(2026, 9, 24))
    # 28–30 Sep are workdays 1–3, 国庆 runs to 7 Oct, 8–10 Oct (10th a 调休 Saturday) are 4–6 … 29 Oct is 20.
    assert deadlines.publish_deadline(item, calendar) == date(2026, 10, 29)


def test_overdue_list_holds_unpublished_items_past_deadline(staff, tree, draft, publish, calendar):
    late = draft(staff["editor"], tree["stats"], title="逾期草稿", written_on=date(2026, 3, 2))
    publish(draft(staff["editor"], tree["stats"], title="已发布", written_on=date(2026, 3, 2)))
    fresh = draft(staff["editor"], tree["stats"], title="新草稿", written_on=date(2026, 4, 1))
    report = deadlines.deadline_report(InformationItem.objects.all(), today=date(2026, 4, 10))
    assert [item for item, _ in report.overdue] == [late]
    assert [item for item, _ in report.due_soon] == []
    later = deadlines.deadline_report(InformationItem.objects.all(), today=date(2026, 4, 24))
    assert later.overdue == [(late, date(2026, 3, 30))]
    assert later.due_soon == [(fresh, date(2026, 4, 30))]


def test_deadline_in_a_year_without_calendar_is_reported_not_guessed(staff, tree, draft, calendar):
    item = draft(staff["editor"], tree["stats"], written_on=date(2026, 12, 15))
    with pytest.raises(CalendarMissing):
        deadlines.publish_deadline(item, calendar)
    report = deadlines.deadline_report(InformationItem.objects.all(), today=date(2026, 12, 20))
    assert [i for i, _ in report.unknown] == [item] and "2027年" in report.unknown[0][1]
