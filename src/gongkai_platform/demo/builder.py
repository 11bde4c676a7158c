"""Builds the demo: 满洲里市 and 宽城满族自治县 with five agencies, users for every role, a few hundred
published catalogue items per agency, items waiting in each workflow step, and the seed annual reports."""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from gongkai_platform.agencies.models import Agency, Jurisdiction, Level, Membership, Role
from gongkai_platform.applications import sms
from gongkai_platform.applications.models import Message
from gongkai_platform.catalogue import deliveries, privacy, services, standard_columns, vocabulary
from gongkai_platform.catalogue.models import Column, ColumnKind, Genre, Topic, UpdateFrequency, Validity
from gongkai_platform.demo import casework, corpus, files, reports
from gongkai_platform.workdays import seeding
from gongkai_platform.workdays.models import AdjustedWorkday, CalendarYear, Holiday
from gongkai_platform.workdays.services import CalendarMissing, WorkCalendar

DEMO_PASSWORD = "gongkai-demo-2026"
UNSENT_MAIL = "django.core.mail.backends.dummy.EmailBackend"
UNSENT_SMS = "gongkai_platform.demo.builder.UnsentSms"
UNSENT_NOTE = "演示数据，未实际发送"

JURISDICTIONS = [("manzhouli", "满洲里市"), ("kuancheng", "宽城满族自治县")]

AGENCIES = [
    # slug, jurisdiction, full name, short name, org code, kind, 文号 prefix, address, phone
    (
        "mzl-office",
        "manzhouli",
        "满洲里市人民政府办公室",
        "市政府办",
        "01150781",
        "office",
        "满政办发",
        "满洲里市四道街政府大楼",
        "0470-6222111",
    ),
    (
        "mzl-stats",
        "manzhouli",
        "满洲里市统计局",
        "市统计局",
        "01150788",
        "stats",
        "满统发",
        "满洲里市二道街统计大楼",
        "0470-6223456",
    ),
    (
        "mzl-emergency",
        "manzhouli",
        "满洲里市应急管理局",
        "市应急管理局",
        "MA0N2K1X5",
        "emergency",
        "满应急发",
        "满洲里市华埠大街应急指挥中心",
        "0470-6291110",
    ),
    (
        "mzl-xinghua",
        "manzhouli",
        "满洲里市人民政府兴华街道办事处",
        "兴华街道",
        "01150795",
        "street",
        "兴华发",
        "满洲里市兴华街道办事处",
        "0470-6248765",
    ),
    (
        "kc-office",
        "kuancheng",
        "宽城满族自治县人民政府办公室",
        "宽城县政府办",
        "13566001",
        "office",
        "宽政办发",
        "宽城满族自治县宽城镇迎宾路",
        "0314-6822110",
    ),
]

CITY_OF = {"manzhouli": "满洲里市", "kuancheng": "宽城满族自治县"}


def mark_unsent() -> None:
    """After the build's commit has "delivered" the messages to the null backends, say what really happened."""
    demo = [a[0] for a in AGENCIES]
    Message.objects.filter(application__agency__slug__in=demo).update(delivery=UNSENT_NOTE)


class UnsentSms(sms.BaseBackend):
    """The demo's applicants are invented: their text messages go nowhere."""

    def send(self, phone: str, text: str) -> None:
        return None


def create_structure(stdout) -> dict[str, Agency]:
    jurisdictions = {slug: Jurisdiction.objects.create(slug=slug, name=name) for slug, name in JURISDICTIONS}
    agencies = {}
    for slug, jslug, name, short, code, _kind, _prefix, address, phone in AGENCIES:
        agencies[slug] = Agency.objects.create(
            slug=slug,
            jurisdiction=jurisdictions[jslug],
            name=name,
            short_name=short,
            org_code=code,
            address=address,
            office_hours="工作日 8:30—12:00，14:30—17:30",
            phone=phone,
            **_guide_fields(slug, _kind, address, phone),
        )
        for order, (cslug, cname, frequency) in enumerate(
            (
                ("work-news", "工作动态", UpdateFrequency.REALTIME),
                ("interpretation", "政策解读", UpdateFrequency.AS_NEEDED),
            )
        ):
            Column.objects.create(
                agency=agencies[slug],
                slug=cslug,
                name=cname,
                kind=ColumnKind.CUSTOM,
                update_frequency=frequency,
                order=900 + order,
            )
    stdout.write(f"机构：{len(agencies)} 个")
    return agencies


def create_users(agencies: dict[str, Agency], stdout) -> dict[tuple[str, str], object]:
    """One user per role and agency (`<agency slug>-editor` …), a 公开办 supervisor per jurisdiction, an admin."""
    users = {}
    user_model = get_user_model()
    hashed = make_password(
        DEMO_PASSWORD
    )  # hashing once keeps the demo load fast; each user gets the same hash

    def create(username, first_name, **flags):
        return user_model.objects.create(username=username, password=hashed, first_name=first_name, **flags)

    for slug, agency in agencies.items():
        for role, label in ((Role.EDITOR, "编辑"), (Role.REVIEWER, "审核员"), (Role.SIGNER, "签批领导")):
            user = create(f"{slug}-{role}", f"{agency.short_name}{label}")
            Membership.objects.create(user=user, agency=agency, role=role)
            users[(slug, role)] = user
    for username, slug, name in (
        ("mzl-gongkaiban", "mzl-office", "满洲里市公开办"),
        ("kc-gongkaiban", "kc-office", "宽城县公开办"),
    ):
        user = create(username, name)
        Membership.objects.create(user=user, agency=agencies[slug], role=Role.SUPERVISOR)
    create("admin", "系统管理员", is_staff=True, is_superuser=True)
    stdout.write(f"用户：{user_model.objects.count()} 个，密码均为 {DEMO_PASSWORD}")
    return users


def _fill(rng: random.Random, agency: Agency, spec, written: date) -> dict[str, str]:
    year = (
        written.year - 1 if "年部门决算" in spec else written.year
    )  # a year's 决算 is published the year after
    return {
        "agency": agency.name,
        "city": CITY_OF[agency.jurisdiction.slug],
        "year": str(year),
        "year2": str(year + 2),
        # data and 通报 are about the month and quarter just ended (in January and the first quarter: the first)
        "month": str(max(1, written.month - 1)),
        "quarter": corpus.QUARTERS[max(0, (written.month - 1) // 3 - 1)],
        "pct": f"{rng.uniform(0.3, 9.5):.1f}",
        "pct2": f"{rng.uniform(0.1, 6):.1f}",
        "money": f"{rng.uniform(300, 90000):.2f}",
        "money2": f"{rng.uniform(100, 50000):.2f}",
        "small": f"{rng.uniform(0.5, 60):.2f}",
        "count": str(rng.randint(20, 900)),
        "count2": str(rng.randint(1, 60)),
        "company": rng.choice(corpus.COMPANIES),
        "policy": rng.choice(corpus.POLICY_TOPICS),
        "safety": rng.choice(corpus.SAFETY_TOPICS),
        "place": rng.choice(corpus.PLACES),
        "item": rng.choice(corpus.ITEMS),
        "holiday": rng.choice(corpus.HOLIDAYS),
        "date_cn": f"{written.year}年{written.month}月{written.day}日",
        "address": agency.address,
        "phone": agency.phone,
        "work": corpus.WORK.get(_kind(agency), "政务服务"),
    }


def _guide_fields(slug: str, kind: str, address: str, phone: str) -> dict:
    """The 指南 fields (条例第十二条) the demo's 指南 page is generated from."""
    office = "党政综合办公室" if kind == "street" else ("政务公开办公室" if kind == "office" else "办公室")
    return {
        "level": Level.TOWNSHIP if kind == "street" else Level.COUNTY,
        "office_name": office,
        "postcode": "021400" if phone.startswith("0470") else "067600",
        "fax": phone[:-1] + "0",
        "internet_contact": f"{slug.replace('-', '')}@gk-demo.gov.cn",
        "guide_updated_on": date(2026, 3, 2),
    }


def _kind(agency: Agency) -> str:
    return next(a[5] for a in AGENCIES if a[0] == agency.slug)


def _prefix(agency: Agency) -> str:
    return next(a[6] for a in AGENCIES if a[0] == agency.slug)


def _columns(agency: Agency) -> dict[str, Column]:
    standard = {c.slug: c for c in Column.objects.filter(agency=None)}
    standard.update({c.slug: c for c in Column.objects.filter(agency=agency)})
    return standard


_VOCABULARY: dict[tuple[type, str], object] = {}  # (model, path) -> category, for one build


def _vocabulary(model, path: str):
    """The 主题/体裁 category at `path`, read once per build (every item needs two; there are ~100 categories)."""
    key = (model, path)
    if key not in _VOCABULARY:
        top, _, child = path.partition(vocabulary.SEPARATOR)
        found = model.objects.select_related("parent")
        _VOCABULARY[key] = (
            found.get(parent__name=top, name=child) if child else found.get(parent=None, name=top)
        )
    return _VOCABULARY[key]


def _summary(body: str) -> str:
    """The first sentence of the body, as agencies write a 内容概述 (at most 100 characters)."""
    first = body.split("\n")[0]
    sentence = first.split("。")[0] + "。"
    return sentence if len(sentence) <= 100 else sentence[:99] + "…"


def _item_fields(rng, agency, template, written, columns, doc_serials):
    slug, topic, genre, doc_type, title, body = template
    values = _fill(rng, agency, title, written)
    text = "\n".join(p.format(**values) for p in body)
    fields = {
        "column": columns[slug],
        "title": title.format(**values),
        "summary": _summary(text),
        "body": text,
        "topic": _vocabulary(Topic, corpus.topic_path(topic, slug)),
        "genre": _vocabulary(Genre, genre),
        "doc_type": doc_type,
        "written_on": written,
        "keywords": " ".join(
            {values["policy"] if "{policy}" in title else values["safety"], topic.split("、")[0]}
        ),
    }
    if doc_type == "normative" or (genre in ("通知", "决定") and rng.random() < 0.6):
        key = (written.year,)
        doc_serials[key] = doc_serials.get(key, 0) + rng.randint(1, 4)
        fields["doc_number"] = f"{_prefix(agency)}〔{written.year}〕{doc_serials[key]}号"
    return fields


def publish_history(agency, users, count, today, rng, calendar, stdout) -> int:
    """Publish `count` items dated 2021 to today, in date order so 索引号 serials follow publication dates."""
    templates = corpus.COMMON + corpus.BY_KIND[_kind(agency)]
    columns = _columns(agency)
    editor, signer = users[(agency.slug, Role.EDITOR)], users[(agency.slug, Role.SIGNER)]
    start = date(2021, 1, 4)
    span = (today - timedelta(days=5) - start).days
    planned = []
    seen_titles = set()
    doc_serials: dict = {}
    for guide in corpus.SYSTEMS:  # the 指南 is generated from the agency's fields
        planned.append(
            (_item_fields(rng, agency, guide, date(2021, 3, 1), columns, doc_serials), date(2021, 3, 2))
        )
    for _attempt in range(count * 40):  # bounded: templates may run out of distinct titles
        if len(planned) >= count:
            break
        written = start + timedelta(days=rng.randint(0, span))
        if not calendar.is_workday(written):
            continue
        fields = _item_fields(rng, agency, rng.choice(templates), written, columns, doc_serials)
        if fields["title"] in seen_titles:
            continue
        seen_titles.add(fields["title"])
        published = min(calendar.add_workdays(written, rng.randint(0, 12)), today)
        planned.append((fields, published))
    planned.sort(key=lambda pair: pair[1])
    attach = _with_attachments(planned)
    for i, (fields, published) in enumerate(planned):
        item = services.create_draft(editor, agency, **fields)
        if i in attach and (made := files.for_item(item, rng)):
            services.add_attachment(editor, item, *made)
        services.publish(signer, item, comment="历史信息导入", on=published)
        if item.doc_type == "normative" and rng.random() < 0.3:
            ended = published + timedelta(days=rng.randint(300, 1500))
            if ended < today:
                services.change_validity(
                    signer, item, rng.choice([Validity.EXPIRED, Validity.REPEALED]), ended, "被新文件替代"
                )
    return len(planned)


def _with_attachments(planned) -> set[int]:
    """Indexes of the most recent items of each attachment-carrying column, as many as files.ATTACHED_COLUMNS."""
    budget, chosen = dict(files.ATTACHED_COLUMNS), set()
    for i in reversed(range(len(planned))):
        slug = planned[i][0]["column"].slug
        if budget.get(slug, 0) > 0:
            budget[slug] -= 1
            chosen.add(i)
    return chosen


def fake_id_number(rng: random.Random) -> str:
    first17 = f"150781{rng.randint(1960, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return first17 + privacy.id_check_digit(first17)


def publish_recent_news(agency, users, today, rng, calendar) -> int:
    """This week's 工作动态, through review and sign-off, so the column is current on any day the demo is
    built; the emergency bureau is left behind, so the dashboard has one stale column to show."""
    if agency.slug == "mzl-emergency":
        return 0
    editor, reviewer = users[(agency.slug, Role.EDITOR)], users[(agency.slug, Role.REVIEWER)]
    signer = users[(agency.slug, Role.SIGNER)]
    columns = _columns(agency)
    news = [t for t in corpus.COMMON + corpus.BY_KIND[_kind(agency)] if t[0] == "work-news"]
    for days_ago in (rng.randint(4, 7), rng.randint(1, 3)):
        written = today - timedelta(days=days_ago)
        item = services.create_draft(
            editor, agency, **_item_fields(rng, agency, rng.choice(news), written, columns, {})
        )
        services.submit_for_review(editor, item)
        services.approve_review(reviewer, item)
        services.sign_off(signer, item)
    return 2


def create_deliveries(agencies: dict[str, Agency], users, report_year: int) -> None:
    """The 第二十五条 register: each agency sent its 指南 and 目录 to the city archives, and its last annual report
    to the archives and the library, in the first quarter."""
    for agency in agencies.values():
        city = CITY_OF[agency.jurisdiction.slug]
        editor = users[(agency.slug, Role.EDITOR)]
        for on, recipient, name, what, edition in (
            (
                date(report_year + 1, 1, 12),
                "archives",
                f"{city}档案馆",
                "guide",
                f"{report_year + 1}年修订版",
            ),
            (
                date(report_year + 1, 1, 12),
                "archives",
                f"{city}档案馆",
                "directory",
                f"截至{report_year}年底",
            ),
            (date(report_year + 1, 2, 3), "archives", f"{city}档案馆", "annual_report", f"{report_year}年度"),
            (date(report_year + 1, 2, 3), "library", f"{city}图书馆", "annual_report", f"{report_year}年度"),
        ):
            deliveries.record_delivery(
                editor,
                agency,
                delivered_on=on,
                recipient=recipient,
                recipient_name=name,
                what=what,
                edition=edition,
                copies=2 if what == "annual_report" else 1,
                delivered_by=editor.get_full_name() or editor.username,
                received_by="接收窗口",
            )


def create_work_in_progress(agency, users, today, rng, calendar) -> None:
    """Items in every workflow step, one overdue and one with personal data for the 保密审查 to catch."""
    editor = users[(agency.slug, Role.EDITOR)]
    reviewer = users[(agency.slug, Role.REVIEWER)]
    columns = _columns(agency)
    name = agency.short_name
    overdue_day = today - timedelta(days=45)
    general = {"topic": _vocabulary(Topic, "综合政务\\其他"), "genre": _vocabulary(Genre, "工作动态")}
    services.create_draft(
        editor,
        agency,
        column=columns["work-news"],
        title=f"{name}{overdue_day.month}月份重点工作完成情况",
        body=f"{overdue_day.month}月份，{name}围绕年度目标任务，扎实推进各项重点工作。",
        written_on=overdue_day,
        **general,  # no 内容概述 yet: the review page shows its warning
    )
    services.create_draft(
        editor,
        agency,
        column=columns["article20-15"],
        title=f"{name}关于调整办公时间的公告",
        body="根据工作需要，自下月起调整办公时间，具体安排如下。",
        written_on=today - timedelta(days=3),
        topic=_vocabulary(Topic, "综合政务\\其他"),
        genre=_vocabulary(Genre, "公告"),
        summary="自下月起调整本机关办公时间。",
    )
    sensitive = services.create_draft(
        editor,
        agency,
        column=columns["article20-11"],
        title=f"关于{name}信息公开申请答复情况的说明",
        body=(
            f"申请人王某某（身份证号：{fake_id_number(rng)}，联系电话：139{rng.randint(10000000, 99999999)}）"
            "于本月提交政府信息公开申请，本机关已依法予以答复。"
        ),
        written_on=today - timedelta(days=8),
        topic=_vocabulary(Topic, "综合政务\\政务公开"),
        genre=_vocabulary(Genre, "其他"),
        summary="说明本月一件政府信息公开申请的答复情况。",
    )
    services.submit_for_review(editor, sensitive)
    ready = services.create_draft(
        editor,
        agency,
        column=columns["work-news"],
        title=f"{name}开展政务公开日活动",
        body="为增进群众对政务公开工作的了解，本机关组织开展政务公开日活动，邀请群众代表走进机关。",
        written_on=today - timedelta(days=6),
        **general,
        summary="本机关组织开展政务公开日活动，邀请群众代表走进机关。",
    )
    plan = files.docx(
        f"{name}政务公开日活动方案",
        [
            "一、活动时间：政务公开日当天上午9:00—11:30。",
            "二、活动内容：参观政务服务大厅、政策解读座谈、现场答疑。",
            f"三、联系方式：{agency.phone}。",
        ],
    )
    services.add_attachment(editor, ready, "政务公开日活动方案.docx", plan)
    services.submit_for_review(editor, ready)
    services.approve_review(
        reviewer,
        services.submit_for_review(
            editor,
            services.create_draft(
                editor,
                agency,
                column=columns["article20-2"],
                title=f"{name}领导班子成员及分工调整",
                body="根据工作需要，现将领导班子成员分工调整如下。",
                written_on=today - timedelta(days=10),
                topic=_vocabulary(Topic, "劳动、人事、监察\\其他"),
                genre=_vocabulary(Genre, "通知"),
                summary="公布本机关领导班子成员分工调整情况。",
            ),
        ),
    )


def find_seed_dir(base: Path) -> Path | None:
    for candidate in (base.parent / "shared" / "seeds", base / "tests" / "fixtures" / "seeds"):
        if candidate.is_dir():
            return candidate
    return None


def import_seed_reports(seed_dir: Path, users, stdout) -> int:
    """Publish each seed annual report in its agency's 年报 column and store its cells, read through the core
    parser, as the agency's imported report for that year (so next year's 上年结转 follows from it)."""
    from gongkai.parsers import read_file

    from gongkai_platform.annual_reports.services import import_published

    column = Column.objects.get(agency=None, slug="annual-report")
    imported = 0
    for path in sorted(seed_dir.glob("*.txt")):
        report = read_file(path)
        text = path.read_text(encoding="utf-8", errors="replace")
        agency = next(
            (a for a in Agency.objects.all() if a.name in text[:300] or a.name == report.agency), None
        )
        if agency is None or report.year is None:
            stdout.write(f"跳过 {path.name}：无法确定机构或年度")
            continue
        written = report.published or date(report.year + 1, 1, 20)
        item = services.create_draft(
            users[(agency.slug, Role.EDITOR)],
            agency,
            column=column,
            genre=_vocabulary(Genre, "报告"),
            topic=_vocabulary(Topic, "综合政务\\政务公开"),
            summary=f"{agency.name}{report.year}年政府信息公开工作情况和统计数据。",
            title=f"{agency.name}{report.year}年政府信息公开工作年度报告",
            body=text.strip(),
            written_on=written,
            keywords="政府信息公开 年度报告",
        )
        services.publish(users[(agency.slug, Role.SIGNER)], item, comment="年报导入", on=written)
        import_published(users[(agency.slug, Role.SIGNER)], agency, path.read_bytes(), path.name, item=item)
        imported += 1
    return imported


def _report_state(report) -> str:
    if report.status == "drafted":
        return "已锁定" if report.locked_on else "起草中"
    return report.get_status_display()


@dataclass(frozen=True)
class ReportYears:
    published: int  # every agency's report is published
    current: int  # the report due by 31 January of this year: in every state


def report_years(today: date) -> ReportYears:
    """The report due on 31 January of this year is the "current" one, the year before it is published."""
    return ReportYears(published=today.year - 2, current=today.year - 1)


@transaction.atomic
def build(stdout, items_per_agency: int = 300, base_dir: Path | None = None, seed: int = 2026) -> None:
    today = timezone.localdate()
    rng = random.Random(seed)
    # the rows the data migrations made, again in case the database was flushed since (idempotent)
    standard_columns.ensure(Column)
    vocabulary.ensure_all(Topic, Genre)
    _VOCABULARY.clear()  # a flushed database has new rows
    seeding.seed(CalendarYear, Holiday, AdjustedWorkday)
    calendar = WorkCalendar()
    agencies = create_structure(stdout)
    users = create_users(agencies, stdout)
    for agency in agencies.values():
        try:
            count = publish_history(agency, users, items_per_agency, today, rng, calendar, stdout)
            count += publish_recent_news(agency, users, today, rng, calendar)
            create_work_in_progress(agency, users, today, rng, calendar)
        except CalendarMissing as exc:
            stdout.write(str(exc))
            raise
        stdout.write(f"{agency.name}：已发布 {count} 条，另有草稿、待审核、待签批信息")
    seed_dir = find_seed_dir(base_dir) if base_dir else None
    if seed_dir:
        stdout.write(f"年报：从 {seed_dir} 导入 {import_seed_reports(seed_dir, users, stdout)} 份")
    years = report_years(today)
    for index, agency in enumerate(agencies.values()):
        ctx = casework.context(agency, _kind(agency), users, calendar, today, rng)
        done = casework.build_agency(ctx, index, len(agencies), [years.published, years.current])
        stdout.write(f"{agency.name}：依申请公开 {done['cases']} 件，行政复议、诉讼 {done['appeals']} 件")
    casework.backdate_messages(list(agencies.values()))
    create_deliveries(agencies, users, years.published)
    kinds = {slug: _kind(agency) for slug, agency in agencies.items()}
    made = reports.build(agencies, kinds, users, years.published, years.current, today, rng)
    stdout.write(
        "年度报告："
        + "；".join(f"{r.agency.short_name}{r.year}年{_report_state(r)}" for r in made[len(agencies) :])
    )
