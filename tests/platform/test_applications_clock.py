"""The statutory clock against an independent day-by-day count over a calendar built from chinese_calendar
(2004–2026), with random extra holidays and 调休 Saturdays."""

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai_platform.applications import clock
from gongkai_platform.applications.clock import (
    ClockError,
    Closed,
    ConsultationEnded,
    ConsultationStarted,
    CorrectionReceived,
    CorrectionRequested,
    ExtensionApproved,
    FeeNoticeSent,
    FeePaid,
    State,
)


class CalendarMissing(LookupError):
    pass


class ScheduleCalendar:
    """chinese_calendar's schedule, overridden day by day; unknown years raise like the database calendar."""

    def __init__(self, overrides=None, last_year=2026):
        self.overrides = overrides or {}
        self.last_year = last_year

    def is_workday(self, d):
        if not 2004 <= d.year <= self.last_year:
            raise CalendarMissing(f"{d.year}年的节假日安排尚未录入工作日历")
        if d in self.overrides:
            return self.overrides[d]
        return chinese_calendar.is_workday(d)


def nth_workday_after(cal, d, n):
    while n:
        d += timedelta(days=1)
        n -= cal.is_workday(d)
    return d


def naive_due(cal, received, events):
    """Reference: replay the events into excluded day sets, then walk day by day. A consultation excludes
    its days only up to the 15th working day after the party received the letter (第三十二条)."""
    start, budget, excluded = received, 20, set()
    opened: dict[str, date] = {}
    fee_sent = None
    for e in sorted(events, key=lambda e: e.on):
        if isinstance(e, CorrectionReceived):
            start = e.on
        elif isinstance(e, ConsultationStarted):
            opened[e.party] = (e.on, nth_workday_after(cal, e.received_on or e.on, 15))
        elif isinstance(e, ConsultationEnded):
            a, limit = opened.pop(e.party)
            end = min(e.on, limit)
            excluded |= {a + timedelta(days=i) for i in range(1, (end - a).days + 1)}
        elif isinstance(e, ExtensionApproved):
            budget += e.workdays
        elif isinstance(e, FeeNoticeSent):
            fee_sent = e.on
        elif isinstance(e, FeePaid):
            excluded |= {fee_sent + timedelta(days=i) for i in range(1, (e.on - fee_sent).days + 1)}
    d, counted = start, 0
    while counted < budget:
        d += timedelta(days=1)
        if cal.is_workday(d) and d not in excluded:
            counted += 1
    return d


LATE_DECEMBER = st.builds(date, st.integers(2005, 2026), st.just(12), st.integers(10, 31))
RECEIPT = st.one_of(st.dates(date(2005, 1, 1), date(2026, 9, 30)), LATE_DECEMBER)


@st.composite
def scenario(draw):
    received = draw(RECEIPT)
    overrides = {}
    for _ in range(draw(st.integers(0, 6))):
        d = received + timedelta(days=draw(st.integers(0, 120)))
        overrides[d] = d.weekday() >= 5  # a 调休 Saturday/Sunday becomes a workday, a weekday a holiday
    events, t = [], received
    if draw(st.booleans()):
        t += timedelta(days=draw(st.integers(0, 9)))
        events.append(CorrectionRequested(t, draw(st.integers(1, 20))))
        t += timedelta(days=draw(st.integers(0, 30)))
        events.append(CorrectionReceived(t))
    timed = []
    for i in range(draw(st.integers(0, 3))):
        a = t + timedelta(days=draw(st.integers(0, 25)))
        got = a + timedelta(days=draw(st.integers(0, 5))) if draw(st.booleans()) else None
        timed += [
            ConsultationStarted(a, f"第三方{i}", got),
            ConsultationEnded(max(got or a, a + timedelta(days=draw(st.integers(0, 40)))), f"第三方{i}"),
        ]
    if draw(st.booleans()):
        a = t + timedelta(days=draw(st.integers(0, 25)))
        timed += [FeeNoticeSent(a), FeePaid(a + timedelta(days=draw(st.integers(0, 25))))]
    if draw(st.booleans()):
        timed.append(
            ExtensionApproved(t + timedelta(days=draw(st.integers(0, 25))), draw(st.integers(1, 20)))
        )
    return ScheduleCalendar(overrides), received, events + sorted(timed, key=lambda e: e.on)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario())
def test_due_date_equals_day_by_day_count(case):
    cal, received, events = case
    try:
        expected = naive_due(cal, received, events)
    except CalendarMissing:
        with pytest.raises(CalendarMissing):
            clock.compute(cal, received, events)
        return
    result = clock.compute(cal, received, events)
    assert result.due == expected
    assert cal.is_workday(result.due)
    assert result.state == State.RUNNING
    assert [s.on for s in result.trace if "答复期限届满日" in s.text] == [result.due]
    assert [s.on for s in result.trace] == sorted(s.on for s in result.trace)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario(), st.integers(0, 120))
def test_closing_is_timely_exactly_up_to_the_due_date(case, after):
    cal, received, events = case
    last = max([received, *(e.on for e in events)])
    closed_on = last + timedelta(days=after)
    try:
        expected = naive_due(cal, received, events)
        result = clock.compute(cal, received, [*events, Closed(closed_on)])
    except CalendarMissing:
        return
    assert result.state == State.CLOSED and result.timely == (closed_on <= expected)
    assert all(step.on >= received for step in result.trace)
    assert bool(result.warnings) >= (not result.timely)


@settings(max_examples=200, deadline=None)
@given(st.dates(date(2004, 1, 1), date(2026, 11, 15)))
def test_plain_case_matches_chinese_calendar_find_workday(received):
    """Independent oracle: on a working-day receipt the due date is chinese_calendar's 20th working day after
    it; a non-working-day receipt counts from the next working day (the day of receipt is never counted)."""
    due = clock.compute(ScheduleCalendar(), received).due
    first = received + timedelta(days=1)
    while not chinese_calendar.is_workday(first):
        first += timedelta(days=1)
    assert due == chinese_calendar.find_workday(19, first)
    if chinese_calendar.is_workday(received):
        assert due == chinese_calendar.find_workday(20, received)


def test_spring_festival_and_tiaoxiu_saturday():
    # Received Fri 2026-02-13: Sat 02-14 is 调休 (day 1), 02-15..23 Spring Festival, Sat 02-28 调休 (day 6).
    result = clock.compute(ScheduleCalendar(), date(2026, 2, 13))
    assert result.due == date(2026, 3, 19)
    assert clock.workdays_between(ScheduleCalendar(), date(2026, 2, 13), result.due) == 20


def test_year_boundary_crossing_into_a_missing_year_is_a_clear_error():
    with pytest.raises(CalendarMissing, match="2027年"):
        clock.compute(ScheduleCalendar(), date(2026, 12, 10))
    assert clock.compute(ScheduleCalendar(last_year=2026), date(2025, 12, 20)).due == date(
        2026, 1, 19
    )  # 2026-01-04 (Sun) is 调休


def test_awaiting_correction_has_no_due_date_and_restart_counts_from_correction():
    cal = ScheduleCalendar()
    waiting = clock.compute(cal, date(2025, 6, 2), [CorrectionRequested(date(2025, 6, 4), 10)])
    assert waiting.state == State.AWAITING_CORRECTION and waiting.due is None
    assert waiting.correction_notice_by == date(2025, 6, 11)
    assert waiting.correction_due == clock.add_workdays(cal, date(2025, 6, 4), 10)
    done = clock.compute(
        cal,
        date(2025, 6, 2),
        [CorrectionRequested(date(2025, 6, 4), 10), CorrectionReceived(date(2025, 6, 9))],
    )
    assert done.due == clock.add_workdays(cal, date(2025, 6, 9), 20)


def test_late_correction_notice_is_flagged_not_refused():
    result = clock.compute(ScheduleCalendar(), date(2025, 6, 2), [CorrectionRequested(date(2025, 6, 20))])
    assert [s.on for s in result.warnings] == [date(2025, 6, 20)]


def test_open_consultation_pauses_with_remaining_days():
    cal = ScheduleCalendar()
    result = clock.compute(cal, date(2025, 3, 3), [ConsultationStarted(date(2025, 3, 10))])
    assert result.state == State.CONSULTING and result.due is None
    assert result.remaining == 20 - clock.workdays_between(cal, date(2025, 3, 3), date(2025, 3, 10))


def test_fee_deadline_counts_from_the_day_after_receipt_of_notice():
    cal = ScheduleCalendar()
    result = clock.compute(cal, date(2025, 3, 3), [FeeNoticeSent(date(2025, 3, 10), date(2025, 3, 12))])
    assert result.state == State.AWAITING_FEE
    assert result.fee_due == clock.add_workdays(cal, date(2025, 3, 12), 20)


def test_closing_reports_timeliness():
    cal = ScheduleCalendar()
    on_time = clock.compute(cal, date(2025, 3, 3), [Closed(date(2025, 3, 31))])
    assert on_time.state == State.CLOSED and on_time.timely is True
    late = clock.compute(cal, date(2025, 3, 3), [Closed(date(2025, 4, 30))])
    assert late.timely is False and late.warnings
    abandoned = clock.compute(
        cal, date(2025, 3, 3), [CorrectionRequested(date(2025, 3, 4)), Closed(date(2025, 4, 30))]
    )
    assert abandoned.state == State.CLOSED and abandoned.timely is None


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([CorrectionRequested(date(2025, 3, 1))], "早于收到申请"),
        ([CorrectionReceived(date(2025, 3, 5))], "未发出补正告知"),
        (
            [
                CorrectionRequested(date(2025, 3, 4)),
                CorrectionReceived(date(2025, 3, 5)),
                CorrectionRequested(date(2025, 3, 6)),
            ],
            "一次性告知",
        ),
        ([ExtensionApproved(date(2025, 3, 4), 21)], "1至20个工作日"),
        ([ExtensionApproved(date(2025, 3, 4), 5), ExtensionApproved(date(2025, 3, 5), 5)], "只能延长一次"),
        ([ConsultationEnded(date(2025, 3, 5))], "没有正在进行"),
        ([ConsultationStarted(date(2025, 3, 5)), ConsultationStarted(date(2025, 3, 6))], "尚未结束"),
        ([FeePaid(date(2025, 3, 5))], "没有待缴"),
        ([ExtensionApproved(date(2025, 3, 4)), CorrectionRequested(date(2025, 3, 5))], "之前发出"),
        ([CorrectionRequested(date(2025, 3, 4)), ExtensionApproved(date(2025, 3, 5))], "等待补正期间"),
        ([Closed(date(2025, 3, 4)), ExtensionApproved(date(2025, 3, 5))], "已于"),
    ],
)
def test_impossible_sequences_are_refused_with_a_message(events, message):
    with pytest.raises(ClockError, match=message):
        clock.compute(ScheduleCalendar(), date(2025, 3, 3), events)


@settings(max_examples=200, deadline=None)
@given(st.dates(date(2005, 1, 1), date(2026, 9, 30)), st.integers(0, 60), st.integers(1, 20))
def test_an_extension_is_accepted_exactly_up_to_the_due_date(received, after, workdays):
    cal = ScheduleCalendar()
    due = naive_due(cal, received, [])
    on = received + timedelta(days=after)
    if on <= due:
        result = clock.compute(cal, received, [ExtensionApproved(on, workdays)])
        assert result.due == naive_due(cal, received, [ExtensionApproved(on, workdays)])
    else:
        with pytest.raises(ClockError, match="不能再延长"):
            clock.compute(cal, received, [ExtensionApproved(on, workdays)])


@settings(max_examples=150, deadline=None)
@given(
    st.dates(date(2005, 1, 1), date(2026, 8, 31)), st.integers(0, 40), st.integers(0, 5), st.integers(0, 60)
)
def test_an_open_consultation_pauses_only_until_its_period_ends(received, sent_after, got_after, today_after):
    cal = ScheduleCalendar()
    sent = received + timedelta(days=sent_after)
    got = sent + timedelta(days=got_after)
    today = got + timedelta(days=today_after)
    limit = nth_workday_after(cal, got, 15)
    events = [ConsultationStarted(sent, "某公司", got)]
    try:
        before = naive_due(cal, received, [])
        result = clock.compute(cal, received, events, today=today)
    except CalendarMissing:
        return
    if sent >= before:
        return  # consulted on or after the last day: no period left to pause (flagged when late)
    assert result.state == State.CONSULTING
    if today <= limit:
        assert result.due is None and not result.warnings
    else:
        closed = naive_due(cal, received, [*events, ConsultationEnded(limit, "某公司")])
        assert result.due == closed and [s.on for s in result.warnings] == [limit]
