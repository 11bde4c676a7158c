"""A year of 依申请公开 work per agency, taken through the applications and appeals services.

Each case is planned first (who applies, how, what happens and when), then played through the services a clerk
would use, so the clock, the steps, the audit log and the letters are the real ones. Plans make sure that every
agency's year has every channel, every applicant column and every Table 三 outcome group, that across the
agencies every outcome row occurs, and that each Table 四 column group has every result somewhere.

Dates: past years are whole calendar years; the current year's open work (overdue, due this week, waiting for
a correction, a consultation or a fee) is placed relative to today, so the 工作台 has living work on any day
`make run` is run. A step that would fall after today is not taken: the case simply stays open.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from gongkai.standard.formats import APPLICANT_COLUMNS, FORMAT_2021, outcome_rows

from gongkai_platform.agencies.models import Role
from gongkai_platform.appeals import services as appeals
from gongkai_platform.appeals.models import Subject
from gongkai_platform.applications import services
from gongkai_platform.applications.models import Application, Channel, DeliveryForm, DeliveryMethod, Message
from gongkai_platform.catalogue.models import InformationItem, State
from gongkai_platform.demo import files, people, requests
from gongkai_platform.workdays.services import CalendarMissing

OUTCOME_IDS = [row.key for row in outcome_rows(FORMAT_2021)]
GROUPS = ("granted", "partial", "withheld", "unavailable", "not_processed", "other")
# how often an outcome is given beyond the ones each year must show (a county office's usual mix)
EXTRA_WEIGHTS = {
    "granted": 46,
    "partial": 12,
    "unavailable.not_held": 14,
    "withheld.process_info": 4,
    "withheld.third_party": 3,
    "withheld.internal_affairs": 3,
    "not_processed.petition": 5,
    "not_processed.duplicate": 3,
    "not_processed.publication": 2,
    "other.no_correction": 4,
    "other.other": 4,
}
CHANNEL_WEIGHTS = {
    Channel.ONLINE: 45,
    Channel.COUNTER: 14,
    Channel.POST_SIGNED: 12,
    Channel.POST_UNSIGNED: 4,
    Channel.EMAIL: 12,
    Channel.FAX: 3,
    Channel.ORAL: 6,
}
KIND_WEIGHTS = {"natural": 64, "business": 16, "research": 5, "social": 4, "legal": 8, "other_org": 3}
REFUSALS = ("partial", "withheld.")  # 不予公开 in whole or part: 行政复议 first (行政复议法 第二十三条)


def group_of(outcome: str) -> str:
    return outcome.split(".", 1)[0]


@dataclass
class Plan:
    received: date
    channel: str
    kind: str
    outcome: str | None  # None: the case is still open today (or was meant to be)
    correction: str = ""  # "" | "answered" | "ignored"
    consult: str = ""  # the party consulted, if any
    consult_open: bool = False
    fee: str = ""  # "" | "paid" | "unpaid" | "waiting"
    reasons: str = ""  # 第三十五条: "" | "unanswered" | "waiting"
    confirmed: bool = True  # False: an online application the office has not yet confirmed as received
    extend: bool = False
    late: bool = False
    applicant: people.Applicant | None = None


@dataclass
class Context:
    agency: object
    kind: str  # agency kind (corpus.WORK key)
    jurisdiction: str
    editor: object
    signer: object
    calendar: object
    today: date
    rng: random.Random
    published: list | None = None  # the agency's published items, loaded once, for replies that point to them


# -------------------------------------------------------------------------------------------- dates
def workday_on_or_after(ctx: Context, day: date) -> date:
    while not ctx.calendar.is_workday(day):
        day += timedelta(days=1)
    return day


def workdays_before(ctx: Context, day: date, n: int) -> date:
    while n > 0:
        day -= timedelta(days=1)
        if ctx.calendar.is_workday(day):
            n -= 1
    return day


def after(ctx: Context, day: date, low: int, high: int) -> date:
    return ctx.calendar.add_workdays(day, ctx.rng.randint(low, high))


# -------------------------------------------------------------------------------------------- plans
def coverage(index: int, count: int, year: int) -> list[str]:
    """The outcomes agency `index` of `count` must give in `year`: its share of every outcome row (rotated by
    year), plus one of each outcome group it would otherwise lack."""
    mine = [o for j, o in enumerate(OUTCOME_IDS) if (j + year) % count == index]
    for group in GROUPS:
        if not any(group_of(o) == group for o in mine):
            candidates = [o for o in OUTCOME_IDS if group_of(o) == group]
            mine.append(candidates[(index + year) % len(candidates)])
    return mine


def shape(plan: Plan, rng: random.Random) -> Plan:
    """What happens on the way to the plan's outcome."""
    match plan.outcome:
        case "other.no_correction":
            plan.correction = "ignored"
        case "unavailable.still_unclear":
            plan.correction = "answered"
        case "other.no_fee_paid":
            plan.fee = "unpaid"
        case "withheld.third_party":
            plan.consult = "third"
        case "not_processed.excessive":
            plan.reasons = "unanswered"
        case "partial":
            plan.consult = "third" if rng.random() < 0.4 else ""
        case "granted":
            plan.correction = "answered" if rng.random() < 0.12 else ""
            plan.fee = "paid" if rng.random() < 0.12 else ""
            plan.consult = "organ" if rng.random() < 0.08 else ""
    if plan.outcome and group_of(plan.outcome) in ("granted", "partial", "withheld", "unavailable"):
        plan.extend = rng.random() < 0.1
        plan.late = rng.random() < 0.05
    return plan


def year_plans(ctx: Context, index: int, count: int, year: int) -> list[Plan]:
    rng = ctx.rng
    end = min(date(year, 12, 31), ctx.today)
    extras = rng.choices(list(EXTRA_WEIGHTS), weights=list(EXTRA_WEIGHTS.values()), k=rng.randint(14, 26))
    outcomes = [(o, True) for o in coverage(index, count, year)] + [(o, False) for o in extras]
    rng.shuffle(outcomes)
    # every channel and applicant column once, then the usual mix
    channels = [*CHANNEL_WEIGHTS, *(_channel(rng) for _ in outcomes)]
    kinds = [*APPLICANT_COLUMNS, *(_kind(rng) for _ in outcomes)]
    plans = []
    for i, (outcome, required) in enumerate(outcomes):
        # the outcomes a year must show are received by October, so they are closed within the year
        last = date(year, 10, 15) if required or outcome.startswith("other.") else end
        span = max((min(last, end) - date(year, 1, 3)).days, 1)
        received = workday_on_or_after(ctx, date(year, 1, 3) + timedelta(days=rng.randrange(span)))
        if received > ctx.today:
            continue
        plans.append(shape(Plan(received, channels[i], kinds[i], outcome), rng))
    # a few received in late December, still open at the year's end (结转下年度)
    for _ in range(rng.randint(2, 3)):
        received = workdays_before(ctx, date(year, 12, 31), rng.randint(1, 8))
        if received <= ctx.today:
            outcome = rng.choice(["granted", "granted", "unavailable.not_held", "partial"])
            kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
            plans.append(shape(Plan(received, rng.choice(list(CHANNEL_WEIGHTS)), kind, outcome), rng))
    return sorted(plans, key=lambda p: p.received)


def living_plans(ctx: Context, index: int) -> list[Plan]:
    """This year's work so far: closed cases through the year, and open ones placed relative to today."""
    rng, today = ctx.rng, ctx.today
    plans = []
    start = date(today.year, 1, 3)
    closed_until = workdays_before(ctx, today, 25)
    if closed_until > start:
        for _ in range(rng.randint(8, 16)):
            received = workday_on_or_after(
                ctx, start + timedelta(days=rng.randrange((closed_until - start).days))
            )
            if received < closed_until:
                outcome = rng.choices(list(EXTRA_WEIGHTS), weights=list(EXTRA_WEIGHTS.values()))[0]
                plans.append(shape(Plan(received, _channel(rng), _kind(rng), outcome), rng))

    def open_case(workdays_ago: int, **features) -> None:
        received = workdays_before(ctx, today, workdays_ago)
        plans.append(Plan(received, _channel(rng), _kind(rng), None, **features))

    if index % 2 == 0:  # overdue: received over 20 working days ago, no reply, no pause
        open_case(rng.randint(22, 30))
    open_case(rng.randint(16, 19))  # due within the week
    open_case(rng.randint(17, 20), extend=index % 3 == 0)
    open_case(rng.randint(3, 8), correction="waiting")
    open_case(rng.randint(6, 12), consult="third", consult_open=True)
    if index % 2 == 1:
        open_case(rng.randint(8, 12), fee="waiting")
    if index % 2 == 0:
        open_case(rng.randint(2, 6), reasons="waiting")
    for _ in range(rng.randint(2, 4)):
        open_case(rng.randint(0, 10))
    plans.append(Plan(today, Channel.ONLINE, _kind(rng), None, confirmed=False))  # sent today, to confirm
    return sorted(plans, key=lambda p: p.received)


def _channel(rng):
    return rng.choices(list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values()))[0]


def _kind(rng):
    return rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]


# -------------------------------------------------------------------------------------------- playing a plan
class NotYet(Exception):
    """The next step would fall after today: the case stays as it is."""


def description(ctx: Context, plan: Plan) -> str:
    rng = ctx.rng
    values = {
        "agency": ctx.agency.name,
        "city": people.CITY_NAMES[ctx.jurisdiction],
        "year": plan.received.year - rng.choice([0, 1, 1, 2]),
        "company": rng.choice(people.ORGANISATIONS["business"]).format(
            city=people.CITY_NAMES[ctx.jurisdiction]
        ),
        "n": rng.randint(3, 28),
    }
    patterns = requests.BY_OUTCOME.get(plan.outcome or "") or requests.ORDINARY[ctx.kind]
    return rng.choice(patterns).format(**values)


def register(ctx: Context, plan: Plan, earlier: list[Application]) -> Application:
    """A 重复申请 repeats the request of an earlier applicant whose request was granted."""
    rng = ctx.rng
    repeated = plan.outcome == "not_processed.duplicate" and next(
        (a for a in reversed(earlier) if a.outcome == "granted"), None
    )
    if repeated:
        who = people.Applicant(
            repeated.applicant_kind,
            repeated.applicant_name,
            repeated.id_number,
            repeated.contact_person,
            repeated.phone,
            repeated.address,
        )
    else:
        who = people.applicant(rng, plan.kind, ctx.jurisdiction)
    electronic = plan.channel in (Channel.ONLINE, Channel.EMAIL) or rng.random() < 0.4
    method = (
        rng.choice([DeliveryMethod.EMAIL, DeliveryMethod.ONLINE])
        if electronic
        else rng.choice([DeliveryMethod.POST, DeliveryMethod.PICKUP])
    )
    fields = {
        "applicant_kind": who.kind,
        "applicant_name": who.name,
        "id_number": who.id_number,
        "contact_person": who.contact_person,
        "phone": who.phone,
        "email": f"demo{rng.randint(1000, 9999)}@example.cn" if method == DeliveryMethod.EMAIL else "",
        "address": who.address,
        "description": repeated.description if repeated else description(ctx, plan),
        "delivery_form": DeliveryForm.ELECTRONIC if electronic else DeliveryForm.PAPER,
        "delivery_method": method,
        "pieces": 12 if plan.fee == "paid" and rng.random() < 0.3 else 1,
    }
    online = plan.channel == Channel.ONLINE
    # online: sent by the applicant, received when the office confirms it (第三十一条), here the same day
    app = services.register(
        None if online else ctx.editor,
        ctx.agency,
        channel=plan.channel,
        received_on=None if online else plan.received,
        **fields,
    )
    sent = datetime.combine(plan.received, time(8, 0)) + timedelta(minutes=rng.randint(0, 600))
    sent = min(timezone.make_aware(sent), timezone.now())
    Application.objects.filter(pk=app.pk).update(submitted_at=sent)  # history: it came in that day
    if online and plan.confirmed:
        services.confirm_receipt(ctx.editor, app, on=plan.received)
    app.refresh_from_db()
    return app


def step(ctx: Context, on: date, action, *args, **kwargs):
    if on > ctx.today:
        raise NotYet
    return action(*args, on=on, **kwargs)


def play(ctx: Context, plan: Plan, earlier: list[Application]) -> Application:
    """Register the case and take every planned step whose date has come."""
    app = register(ctx, plan, earlier)
    try:
        _play_steps(ctx, plan, app)
    except (NotYet, CalendarMissing):
        pass
    except ValidationError:
        if plan.outcome is not None:  # a past year's case must go through; only today's edge may refuse
            raise
    app.refresh_from_db()
    return app


def _play_steps(ctx: Context, plan: Plan, app: Application) -> None:
    rng, editor = ctx.rng, ctx.editor
    last = plan.received
    if plan.correction:
        asked = after(ctx, last, 1, 5)
        step(
            ctx,
            asked,
            services.request_correction,
            editor,
            app,
            period=15,
            note=rng.choice(requests.CORRECTION_NOTES),
        )
        last = asked
        if plan.correction == "answered":
            last = after(ctx, asked, 2, 10)
            step(
                ctx,
                last,
                services.receive_correction,
                editor,
                app,
                note="申请人补正了所需信息的名称和时间范围。",
            )
        elif plan.correction == "ignored":
            app.refresh_from_db()
            step(
                ctx, after(ctx, app.correction_due, 1, 4), services.close, editor, app, "other.no_correction"
            )
            return
        else:
            return
    if not plan.confirmed:
        return
    if plan.reasons:
        asked = after(ctx, last, 1, 5)
        step(ctx, asked, services.request_reasons, editor, app, note=requests.REASONS_NOTE)
        last = asked
        if plan.reasons == "waiting":
            return
    if plan.consult:
        party = (
            rng.choice(people.ORGANISATIONS["business"]).format(city=people.CITY_NAMES[ctx.jurisdiction])
            if plan.consult == "third"
            else rng.choice(requests.CONSULTED_ORGANS[ctx.jurisdiction])
        )
        started = after(ctx, last, 2, 6)
        step(ctx, started, services.start_consultation, editor, app, party=party)
        last = started
        if plan.consult_open:
            return
        last = after(ctx, started, 4, 14)
        opinion = (
            "第三方书面答复不同意公开。"
            if plan.outcome == "withheld.third_party"
            else "被征求方书面答复同意公开。"
        )
        step(ctx, last, services.end_consultation, editor, app, party=party, note=opinion)
    if plan.fee:
        sent = after(ctx, last, 3, 8)
        method, pages = ("per_piece", None) if app.pieces > 10 else ("per_page", rng.randint(45, 320))
        got = after(ctx, sent, 0, 3)
        if got > ctx.today:
            raise NotYet
        step(ctx, sent, services.send_fee_notice, editor, app, method=method, pages=pages, received_on=got)
        last = sent
        if plan.fee == "waiting":
            return
        app.refresh_from_db()
        if plan.fee == "unpaid":
            step(ctx, after(ctx, app.fee_due, 1, 3), services.close, editor, app, "other.no_fee_paid")
            return
        last = after(ctx, got, 2, 14)
        step(ctx, last, services.record_payment, editor, app)
    app.refresh_from_db()
    if plan.extend:
        remaining = ctx.calendar.workdays_between(last, app.due_on)
        on = ctx.calendar.add_workdays(last, max(1, remaining - rng.randint(1, 3)))
        # the clerk asks, the head of the disclosure office approves the same or the next working day
        workdays, reason = rng.choice([10, 15, 20]), rng.choice(requests.EXTENSION_REASONS)
        step(ctx, on, services.propose_extension, editor, app, workdays=workdays, reason=reason)
        approved = min(ctx.calendar.add_workdays(on, rng.randint(0, 1)), app.due_on)
        step(ctx, approved, services.extend, ctx.signer, app, workdays=workdays, reason=reason)
        last = approved
        app.refresh_from_db()
    if plan.outcome is None:
        return
    due = app.due_on
    if plan.late:
        closed = after(ctx, due, 2, 9)
    else:
        room = max(1, ctx.calendar.workdays_between(last, due))
        closed = ctx.calendar.add_workdays(last, rng.randint(max(1, room // 3), room))
    if plan.outcome in ("granted", "partial") and closed <= ctx.today:
        release(ctx, app, plan.outcome)
    notes = requests.CLOSING_NOTES.get(plan.outcome, "")
    details = requests.PARTIAL_DETAILS if plan.outcome == "partial" else {}
    step(ctx, closed, services.close, editor, app, plan.outcome, notes=notes, **details)


def release(ctx: Context, app: Application, outcome: str) -> None:
    """What the reply provides: mostly a pointer to an item already published (第三十六条第（一）项), otherwise
    the document itself, made on the fly; a partial release says what was removed."""
    if ctx.published is None:
        ctx.published = list(
            InformationItem.objects.filter(agency=ctx.agency, state=State.PUBLISHED).only(
                "pk", "title", "published_on"
            )
        )
    earlier = [i for i in ctx.published if i.published_on and i.published_on <= app.received_on]
    if outcome == "granted" and earlier and ctx.rng.random() < 0.6:
        services.attach_released(ctx.editor, app, item=ctx.rng.choice(earlier))
        return
    title = app.description[:60]
    data = files.docx(title, [f"{ctx.agency.name}依申请公开提供的信息。", app.description])
    upload = SimpleUploadedFile(f"{title[:40]}.docx", data)
    redacted = requests.PARTIAL_DETAILS["withheld_parts"] if outcome == "partial" else ""
    services.attach_released(ctx.editor, app, upload=upload, title=title, redacted=redacted)


def backdate_messages(agencies) -> None:
    """The applicant's messages are dated when their step happened, not when the demo was built."""
    messages = list(
        Message.objects.filter(application__agency__in=agencies).select_related("step", "application")
    )
    for m in messages:
        when = datetime.combine(m.step.on, time(9, 30)) if m.step else None
        m.created_at = timezone.make_aware(when) if when else m.application.submitted_at
    Message.objects.bulk_update(messages, ["created_at"], batch_size=500)


# -------------------------------------------------------------------------------------------- appeals
RESULTS = ("upheld", "corrected", "other", "pending")
RESULT_NOTES = {
    "upheld": "认定答复事实清楚、证据确凿、适用依据正确、程序合法，决定维持（判决驳回诉讼请求）。",
    "corrected": "认定答复未充分说明理由，决定撤销原答复并责令重新答复（判决责令重新答复）。",
    "other": "申请人撤回复议申请（撤回起诉），案件终止。",
}
# (Table 四 column group, cases a year, which replies it challenges)
APPEAL_PLAN = (("review", 2, "refused"), ("suit_direct", 2, "other"), ("suit_after_review", 1, "refused"))


def file_appeals(ctx: Context, index: int, year: int, cases: list[Application]) -> int:
    """行政复议 and 行政诉讼 filed in `year` against this agency's replies. Each Table 四 column group gets cases,
    with results rotated over the agencies so every result of every group occurs somewhere. Refusals go to
    review first (行政复议法 第二十三条): a suit after review follows an upheld review; direct suits challenge
    the other replies. A result meant as 尚未审结 is decided after 31 December, or not yet."""
    rng = ctx.rng
    closed = [a for a in cases if a.replied_on and date(year, 1, 1) <= a.replied_on <= date(year, 8, 31)]
    pools = {
        "refused": [a for a in closed if a.outcome.startswith(REFUSALS)],
        "other": [a for a in closed if not a.outcome.startswith(REFUSALS) and a.outcome != "granted"],
    }
    year_end = date(year, 12, 31)
    filed = 0
    for group, n, which in APPEAL_PLAN:
        pool = pools[which] or closed
        for k in range(min(n, len(pool))):
            app = pool[-1 - k] if group == "suit_after_review" else pool[(index + k) % len(pool)]
            result = RESULTS[(index + year + k + len(group)) % len(RESULTS)]
            filed_on = app.replied_on + timedelta(days=rng.randint(10, 40))
            if group == "suit_after_review":
                review = _appeal(ctx, app, "review", filed_on, year)
                upheld_on = filed_on + timedelta(days=rng.randint(25, 45))
                appeals.conclude(ctx.editor, review, "upheld", upheld_on, note=RESULT_NOTES["upheld"])
                filed += 1
                filed_on = upheld_on + timedelta(days=rng.randint(5, 14))
            appeal = _appeal(ctx, app, group, filed_on, year)
            filed += 1
            if result == "pending":
                decided, result = year_end + timedelta(days=rng.randint(20, 150)), rng.choice(RESULTS[:2])
            else:
                decided = min(filed_on + timedelta(days=rng.randint(30, 90)), year_end - timedelta(days=3))
            if decided <= ctx.today:
                appeals.conclude(ctx.editor, appeal, result, decided, note=RESULT_NOTES[result])
    return filed


def _appeal(ctx: Context, app: Application, group: str, filed_on: date, year: int):
    city = people.CITY_NAMES[ctx.jurisdiction]
    serial = ctx.rng.randint(1, 90)
    if group == "review":
        number, organ = f"{city[:2]}政复决字〔{year}〕{serial}号", f"{city}人民政府"
        note = "申请人不服答复，申请行政复议。"
    else:
        court = "内0781" if ctx.jurisdiction == "manzhouli" else "冀0827"
        number, organ = f"（{year}）{court}行初{serial}号", f"{city}人民法院"
        note = (
            "申请人不服复议决定，提起行政诉讼。"
            if group == "suit_after_review"
            else "申请人不服答复，提起行政诉讼。"
        )
    return appeals.register(
        ctx.editor, app, group=group, case_number=number, organ=organ, filed_on=filed_on, note=note
    )


def proactive_appeal(ctx: Context, year: int) -> int:
    """One 行政复议 a year about proactive disclosure (no application): someone held that the agency should have
    published a document; the review is decided in the year, its result rotated."""
    city = people.CITY_NAMES[ctx.jurisdiction]
    filed_on = date(year, ctx.rng.randint(3, 9), ctx.rng.randint(1, 28))
    if filed_on > ctx.today:
        return 0
    review = appeals.register_case(
        ctx.editor,
        ctx.agency,
        subject=Subject.PROACTIVE,
        matter=f"认为本机关未主动公开{year - 1}年度部门决算（条例第二十条第（七）项）",
        group="review",
        case_number=f"{city[:2]}政复决字〔{year}〕{ctx.rng.randint(91, 99)}号",
        organ=f"{city}人民政府",
        filed_on=filed_on,
        note="申请人认为应主动公开的信息未公开，申请行政复议。",
    )
    result = RESULTS[year % 3]
    decided = min(filed_on + timedelta(days=ctx.rng.randint(30, 60)), date(year, 12, 28))
    if decided <= ctx.today:
        appeals.conclude(ctx.editor, review, result, decided, note=RESULT_NOTES[result])
    return 1


# -------------------------------------------------------------------------------------------- one agency
def build_agency(ctx: Context, index: int, count: int, years: list[int]) -> dict[str, int]:
    """All of an agency's cases: the whole of each year in `years`, a few from the December before, and the
    current year to today; then the year's appeals."""
    first = years[0]
    plans: list[Plan] = []
    for _ in range(ctx.rng.randint(2, 3)):  # carried into the first year
        received = workdays_before(ctx, date(first - 1, 12, 31), ctx.rng.randint(1, 10))
        plans.append(shape(Plan(received, _channel(ctx.rng), _kind(ctx.rng), "granted"), ctx.rng))
    for year in years:
        plans += year_plans(ctx, index, count, year)
    plans += living_plans(ctx, index)
    cases: list[Application] = []
    for plan in sorted(plans, key=lambda p: p.received):
        cases.append(play(ctx, plan, cases))
    appealed = sum(file_appeals(ctx, index, year, cases) for year in years)
    appealed += proactive_appeal(ctx, years[-1])
    return {"cases": len(cases), "appeals": appealed}


def context(agency, kind: str, users: dict, calendar, today: date, rng: random.Random) -> Context:
    return Context(
        agency=agency,
        kind=kind,
        jurisdiction=agency.jurisdiction.slug,
        editor=users[(agency.slug, Role.EDITOR)],
        signer=users[(agency.slug, Role.SIGNER)],
        calendar=calendar,
        today=today,
        rng=rng,
    )
