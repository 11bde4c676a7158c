"""The statutory reply clock of an application (条例 第三十条至第三十三条), computed from its events.

Pure Python, no Django: the caller passes a calendar (anything with `is_workday(date)`, raising for a year
whose holiday schedule is unknown) and the dated events; `compute` returns the due date and a dated trace in
Chinese that shows how it was reached.

Counting rules (decisions, with their basis):
- The day of receipt is not counted; counting starts the next day (民法典 第二百零一条: 开始的当日不计入，
  自下一日开始计算), and only working days count (条例 第三十三条 "20个工作日"). So a receipt on a
  non-working day counts from the first working day after it, and a Friday and the following Sunday give the
  same due date. The receipt date itself is never shifted: it is the Art. 31 date recorded at intake.
- 补正 (第三十条): the notice is due within 7 working days of receipt; while the applicant corrects, no reply
  period runs; when the correction arrives the period restarts from that day (a restart, not a pause). The
  notice is given once (一次性告知), before any consultation, extension or fee notice.
- Consultation of a third party or another organ (第三十二条、第三十四条): its time is excluded (第三十三条第三款)
  only within the consulted party's answer period: 15 working days from the day it receives the letter (the
  sending day when its receipt is not recorded). The excluded span runs from the day after the letter is sent
  to the day the reply arrives or the period ends, whichever is first; overlapping consultations form one
  span. A consultation still open after its period stops pausing the clock and is flagged (given `today`).
- Extension (第三十三条第二款): once, at most 20 working days, approved by the head of the disclosure office,
  decided on or before the due date (a decision after the period has run out cannot extend it).
- 第三十五条: after asking an applicant for reasons, the organ may fix a later reply date (延迟答复的合理期限);
  it replaces the due date.
- Fee notice (国办函〔2020〕109号): the applicant pays within 20 working days from the day after receiving the
  notice; from sending the notice to payment the reply period is excluded (inference: the organ cannot
  provide the information before payment, and 109号 gives the applicant the whole 20 days).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

REPLY_WORKDAYS = 20  # 第三十三条第二款
CORRECTION_NOTICE_WORKDAYS = 7  # 第三十条
DEFAULT_CORRECTION_PERIOD = 15  # 合理的补正期限: the law leaves it to the organ; 15 is common local practice
MAX_EXTENSION_WORKDAYS = 20  # 第三十三条第二款
FEE_PAYMENT_WORKDAYS = 20  # 国办函〔2020〕109号
CONSULTATION_REPLY_WORKDAYS = 15  # 第三十二条
MAX_SPAN_DAYS = 3660


class Calendar(Protocol):
    def is_workday(self, day: date) -> bool: ...


class ClockError(ValueError):
    """The events cannot have happened in this order; the message says why, in Chinese."""


def add_workdays(calendar: Calendar, start: date, n: int) -> date:
    """The n-th working day strictly after `start` (n = 0 gives `start`)."""
    current = start
    for _ in range(MAX_SPAN_DAYS):
        if n <= 0:
            return current
        current += timedelta(days=1)
        if calendar.is_workday(current):
            n -= 1
    raise ClockError("工作日跨度过长，无法计算")


def workdays_between(calendar: Calendar, a: date, b: date) -> int:
    """Working days in (a, b]; 0 when b is not after a."""
    if (b - a).days > MAX_SPAN_DAYS:
        raise ClockError("工作日跨度过长，无法计算")
    return sum(calendar.is_workday(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))


# ---------------------------------------------------------------- events
@dataclass(frozen=True)
class CorrectionRequested:
    on: date
    period: int = DEFAULT_CORRECTION_PERIOD  # working days the applicant is given


@dataclass(frozen=True)
class CorrectionReceived:
    on: date


@dataclass(frozen=True)
class ConsultationStarted:
    on: date
    party: str = "第三方"
    received_on: date | None = None  # when the consulted party received the letter; defaults to `on`

    @property
    def period_from(self) -> date:
        return self.received_on or self.on


@dataclass(frozen=True)
class ConsultationEnded:
    on: date
    party: str = "第三方"


@dataclass(frozen=True)
class ExtensionApproved:
    on: date
    workdays: int = MAX_EXTENSION_WORKDAYS


@dataclass(frozen=True)
class ReplyDeferred:
    """第三十五条: the reasons given justify the volume, and the organ fixes a later reply date."""

    on: date
    until: date


@dataclass(frozen=True)
class FeeNoticeSent:
    on: date
    received_on: date | None = None  # when the applicant received it; defaults to the sending day


@dataclass(frozen=True)
class FeePaid:
    on: date


@dataclass(frozen=True)
class Closed:
    """The reply (or termination) is sent; nothing happens on the clock after it."""

    on: date


Event = (
    CorrectionRequested
    | CorrectionReceived
    | ConsultationStarted
    | ConsultationEnded
    | ExtensionApproved
    | ReplyDeferred
    | FeeNoticeSent
    | FeePaid
    | Closed
)


# ---------------------------------------------------------------- result
class State(StrEnum):
    RUNNING = "running"  # 办理中，答复期限计算中
    AWAITING_CORRECTION = "awaiting_correction"  # 等待补正
    CONSULTING = "consulting"  # 征求意见中（暂停计算）
    AWAITING_FEE = "awaiting_fee"  # 等待缴费（暂停计算）
    CLOSED = "closed"  # 已答复/已终止


STATE_LABELS = {
    State.RUNNING: "办理中",
    State.AWAITING_CORRECTION: "等待申请人补正",
    State.CONSULTING: "征求意见中（期限暂停计算）",
    State.AWAITING_FEE: "等待申请人缴费（期限暂停计算）",
    State.CLOSED: "已办结",
}


@dataclass(frozen=True)
class Step:
    on: date
    text: str
    warning: bool = False


@dataclass
class ClockResult:
    received: date
    state: State
    start: date  # the day after which the reply period is counted (receipt, or the correction's arrival)
    budget: int  # working days allowed: 20 plus any extension
    due: date | None  # None while paused or awaiting correction
    remaining: int | None  # while paused: working days of the period still to run
    correction_notice_by: date  # the last day to send a 补正 notice
    correction_due: date | None = None
    fee_due: date | None = None
    closed_on: date | None = None
    timely: bool | None = None  # closed by the due date; None when not closed or no period was running
    trace: list[Step] = field(default_factory=list)

    @property
    def warnings(self) -> list[Step]:
        return [s for s in self.trace if s.warning]

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


def _fmt(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


class _Clock:
    def __init__(self, calendar: Calendar, received: date, today: date | None = None):
        self.cal = calendar
        self.received = received
        self.today = today
        self.start = received
        self.budget = REPLY_WORKDAYS
        # excluded intervals (a, b]: b None while open; consultations keep their period's last day
        self.open_consultations: dict[str, list] = {}  # party -> [sent, period end]
        self.intervals: list[tuple[date, date | None]] = []
        self.fee_since: date | None = None
        self.correction_requested = False
        self.awaiting_correction = False
        self.extended = False
        self.fee_sent = False
        self.any_after_receipt = False
        self.deferred_until: date | None = None
        self.closed_on: date | None = None
        self.closed_without_period = False
        self.correction_due: date | None = None
        self.fee_due: date | None = None
        self.correction_notice_by = add_workdays(calendar, received, CORRECTION_NOTICE_WORKDAYS)
        self.trace: list[Step] = []

    # -- helpers
    def say(self, on: date, text: str, warning: bool = False):
        self.trace.append(Step(on, text, warning))

    @property
    def paused(self) -> bool:
        return any(b is None for _, b in self._spans())

    def _spans(self) -> list[list[date | None]]:
        """The excluded intervals merged into disjoint spans, in order."""
        intervals = list(self.intervals)
        for a, limit in self.open_consultations.values():
            overrun = self.today is not None and self.today > limit
            intervals.append((a, limit if overrun else None))
        if self.fee_since is not None:
            intervals.append((self.fee_since, None))
        spans: list[list[date | None]] = []
        for a, b in sorted(intervals, key=lambda i: i[0]):
            if b is not None and b <= a:
                continue
            if spans and (spans[-1][1] is None or a <= spans[-1][1]):
                last = spans[-1]
                last[1] = None if last[1] is None or b is None else max(last[1], b)
            else:
                spans.append([a, b])
        return spans

    def due(self) -> tuple[date | None, int, list[str]]:
        """Walk the counted segments between excluded spans.

        Returns (due date or None while paused, working days still to run at the pause, explanation)."""
        cursor, remaining, lines = self.start, self.budget, []
        for a, b in self._spans():
            if b is not None and b <= cursor:
                continue
            a = max(a, cursor)
            seg = workdays_between(self.cal, cursor, a)
            if seg >= remaining:
                break
            if seg:
                lines.append(f"{_fmt(cursor)}次日至{_fmt(a)}计{seg}个工作日")
            remaining -= seg
            if b is None:
                lines.append(f"自{_fmt(a)}次日起暂停计算，尚余{remaining}个工作日")
                return None, remaining, lines
            excluded = workdays_between(self.cal, a, b)
            lines.append(f"{_fmt(a)}次日至{_fmt(b)}不计入（{excluded}个工作日）")
            cursor = b
        due = add_workdays(self.cal, cursor, remaining)
        lines.append(f"自{_fmt(cursor)}次日起计{remaining}个工作日，至{_fmt(due)}")
        if self.deferred_until is not None and self.deferred_until > due:
            lines.append(f"依第三十五条延迟答复至{_fmt(self.deferred_until)}")
            due = self.deferred_until
        return due, 0, lines

    def require(self, ok: bool, message: str):
        if not ok:
            raise ClockError(message)

    # -- events
    def apply(self, e: Event):
        self.require(e.on >= self.received, f"{_fmt(e.on)}的事项早于收到申请之日{_fmt(self.received)}")
        self.require(self.closed_on is None, f"申请已于{_fmt(self.closed_on or e.on)}办结，不能再登记事项")
        handler = getattr(self, f"_on_{type(e).__name__}")
        handler(e)

    def _on_CorrectionRequested(self, e: CorrectionRequested):
        self.require(not self.correction_requested, "补正告知只能发出一次（第三十条：一次性告知）")
        self.require(not self.any_after_receipt, "补正告知须在征求意见、延期和收费通知之前发出")
        self.require(e.period >= 1, "补正期限至少为1个工作日")
        self.correction_requested = self.awaiting_correction = True
        self.correction_due = add_workdays(self.cal, e.on, e.period)
        late = e.on > self.correction_notice_by
        self.say(
            e.on,
            f"发出补正告知（第三十条），补正期限{e.period}个工作日，至{_fmt(self.correction_due)}；"
            "补正期间答复期限不计算，收到补正后重新计算。"
            + (
                f"补正告知晚于法定的{_fmt(self.correction_notice_by)}（收到申请后7个工作日内）。"
                if late
                else ""
            ),
            late,
        )

    def _on_CorrectionReceived(self, e: CorrectionReceived):
        self.require(self.awaiting_correction, "未发出补正告知或已收到补正，不能登记收到补正")
        self.awaiting_correction = False
        late = self.correction_due is not None and e.on > self.correction_due
        self.start = e.on
        self.say(
            e.on,
            "收到补正后的申请，答复期限自当日次日起重新计算20个工作日（第三十条）。"
            + ("补正晚于补正期限，按有正当理由逾期处理。" if late else ""),
            late,
        )

    def _running(self, what: str):
        self.require(not self.awaiting_correction, f"等待补正期间不能{what}")
        self.any_after_receipt = True

    def _on_ConsultationStarted(self, e: ConsultationStarted):
        self._running("征求意见")
        self.require(e.party not in self.open_consultations, f"向{e.party}征求意见尚未结束")
        self.require(e.period_from >= e.on, "被征求意见方收到征求意见函的日期不能早于发函日期")
        due, _, _ = self.due()
        late = due is not None and e.on > due
        reply_by = add_workdays(self.cal, e.period_from, CONSULTATION_REPLY_WORKDAYS)
        self.open_consultations[e.party] = [e.on, reply_by]
        received = f"，{_fmt(e.received_on)}收到" if e.received_on else ""
        self.say(
            e.on,
            f"书面征求{e.party}意见（第三十二条、第三十四条）{received}，被征求方应于{_fmt(reply_by)}前答复"
            f"（自收到之日起{CONSULTATION_REPLY_WORKDAYS}个工作日）；"
            "答复期内所需时间不计算在答复期限内（第三十三条第三款）。"
            + (f"征求意见时答复期限（{_fmt(due)}）已届满。" if late and due else ""),
            late,
        )
        if self.today is not None and self.today > reply_by:
            self.say(
                reply_by,
                f"向{e.party}征求意见已超过{CONSULTATION_REPLY_WORKDAYS}个工作日答复期（{_fmt(reply_by)}）仍未登记结束，"
                "超出部分计入答复期限，请依条例作出决定（第三十二条）。",
                True,
            )

    def _on_ConsultationEnded(self, e: ConsultationEnded):
        self.require(e.party in self.open_consultations, f"没有正在进行的向{e.party}征求意见")
        sent, reply_by = self.open_consultations.pop(e.party)
        over = e.on > reply_by
        self.intervals.append((sent, min(e.on, reply_by)))
        rest = "，其他征求意见仍在进行" if self.open_consultations else ""
        self.say(
            e.on,
            f"收到{e.party}意见（或答复期届满）{rest}。"
            + (
                f"距答复期届满（{_fmt(reply_by)}）已过，{_fmt(reply_by)}之后的时间计入答复期限。"
                if over
                else ""
            ),
            over,
        )

    def _on_ExtensionApproved(self, e: ExtensionApproved):
        self._running("延长答复期限")
        self.require(not self.extended, "答复期限只能延长一次")
        self.require(
            1 <= e.workdays <= MAX_EXTENSION_WORKDAYS,
            f"延长期限应为1至{MAX_EXTENSION_WORKDAYS}个工作日（第三十三条第二款）",
        )
        due, _, _ = self.due()
        self.require(
            due is None or e.on <= due,
            f"答复期限已于{_fmt(due or e.on)}届满，不能再延长（第三十三条第二款：延期须在答复期限内决定）",
        )
        self.extended = True
        self.budget += e.workdays
        self.say(
            e.on,
            f"经政府信息公开工作机构负责人同意，延长答复期限{e.workdays}个工作日并告知申请人（第三十三条第二款）。",
        )

    def _on_ReplyDeferred(self, e: ReplyDeferred):
        self._running("确定延迟答复期限")
        self.require(self.deferred_until is None, "延迟答复期限只能确定一次")
        due, _, _ = self.due()
        self.require(
            e.until > e.on and (due is None or e.until > due),
            "延迟答复的期限应晚于原答复期限（第三十五条）",
        )
        self.deferred_until = e.until
        self.say(
            e.on,
            f"申请人说明的理由合理，确定延迟答复期限至{_fmt(e.until)}并告知申请人（第三十五条）。",
        )

    def _on_FeeNoticeSent(self, e: FeeNoticeSent):
        self._running("发出收费通知")
        self.require(not self.fee_sent, "收费通知只能发出一次")
        got = e.received_on or e.on
        self.require(got >= e.on, "申请人收到收费通知的日期不能早于发出日期")
        self.fee_sent = True
        self.fee_since = e.on
        self.fee_due = add_workdays(self.cal, got, FEE_PAYMENT_WORKDAYS)
        self.say(
            e.on,
            f"发出收费通知（国办函〔2020〕109号），申请人于{_fmt(got)}收到，应自次日起20个工作日内即"
            f"{_fmt(self.fee_due)}前缴费，逾期视为放弃申请；等待缴费期间答复期限暂停计算。",
        )

    def _on_FeePaid(self, e: FeePaid):
        self.require(self.fee_since is not None, "没有待缴的收费通知")
        self.intervals.append((self.fee_since, e.on))
        self.fee_since = None
        late = self.fee_due is not None and e.on > self.fee_due
        self.say(
            e.on,
            "申请人缴纳信息处理费，答复期限恢复计算。" + ("缴费晚于缴费期限。" if late else ""),
            late,
        )

    def _on_Closed(self, e: Closed):
        self.closed_on = e.on
        self.closed_without_period = self.awaiting_correction
        self.awaiting_correction = False
        self.say(e.on, "作出答复（或终止办理）。")

    # -- result
    def result(self) -> ClockResult:
        if self.awaiting_correction:
            state = State.AWAITING_CORRECTION
        elif self.closed_on:
            state = State.CLOSED
        elif self.open_consultations:
            state = State.CONSULTING
        elif self.fee_since is not None:
            state = State.AWAITING_FEE
        else:
            state = State.RUNNING
        trace = [
            Step(
                self.received,
                "收到申请（第三十一条）。答复期限自收到申请之日次日起按工作日计算，为20个工作日（第三十三条第二款）；"
                f"如需补正，应于{_fmt(self.correction_notice_by)}前一次性告知（第三十条）。",
            ),
            *self.trace,
        ]
        due, remaining = None, None
        if not (self.awaiting_correction or self.closed_without_period):
            due, rest, lines = self.due()
            if due is None:
                remaining = rest
                trace.append(Step(self._spans()[-1][0], "答复期限计算：" + "；".join(lines) + "。"))
            else:
                trace.append(
                    Step(due, "答复期限计算：" + "；".join(lines) + f"。答复期限届满日为{_fmt(due)}。")
                )
        timely = None
        if self.closed_on is not None and due is not None:
            timely = self.closed_on <= due
            if not timely:
                trace.append(Step(self.closed_on, f"答复晚于答复期限{_fmt(due)}。", True))
        trace.sort(key=lambda s: s.on)
        return ClockResult(
            received=self.received,
            state=state,
            start=self.start,
            budget=self.budget,
            due=due,
            remaining=remaining,
            correction_notice_by=self.correction_notice_by,
            correction_due=self.correction_due,
            fee_due=self.fee_due,
            closed_on=self.closed_on,
            timely=timely,
            trace=trace,
        )


def compute(
    calendar: Calendar, received: date, events: Iterable[Event] = (), today: date | None = None
) -> ClockResult:
    """Replay the events (stable-sorted by date) from the receipt date. `today` lets a consultation still open
    past its answer period stop pausing the clock and be flagged. Raises ClockError for an impossible sequence
    and whatever the calendar raises for a year it does not know."""
    clock = _Clock(calendar, received, today)
    for e in sorted(events, key=lambda e: e.on):
        clock.apply(e)
    return clock.result()
