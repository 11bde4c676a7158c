"""Users see Chinese only. Every named route of the URLconf is rendered in the demo for each user who may open it
(the public, each staff role, the 公开办, the admin), plus the admin's pages, the error pages with DEBUG off and the
APIs' OpenAPI texts; the visible text and the title/placeholder/aria-label/alt attributes must hold no English word
outside a short allow-list (format names, URLs, e-mail addresses, code-like ids such as 索引号 and 登记编号).

A new route is covered by itself: a route without arguments is fetched as it is, and one with arguments must be
given sample arguments from the demo in SAMPLES (or be listed in NOT_PAGES with the reason), or this test fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import unquote

import lxml.html
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from gongkai_platform.agencies.models import Agency
from gongkai_platform.applications import actions
from gongkai_platform.applications.models import Application, CaseFile
from gongkai_platform.catalogue.models import Attachment, Column, ColumnKind, InformationItem, State
from gongkai_platform.supervision import notices
from gongkai_platform.supervision.models import BulkAudit, Notice
from tests.platform.test_demo import demo, demo_db  # noqa: F401 (the demo, loaded once for this module)

YEAR = timezone.localdate().year - 1
AGENCY = "mzl-stats"
ROLES = {  # who renders each page: the public, every staff role of one agency, the 公开办, the admin
    "公众": None,
    "编辑": f"{AGENCY}-editor",
    "审核": f"{AGENCY}-reviewer",
    "签批领导": f"{AGENCY}-signer",
    "公开办": "mzl-gongkaiban",
    "系统管理员": "admin",
}
# Words a Chinese user reads as they are: file formats and sizes (in either case), product and protocol names.
FORMATS = {
    "PDF",
    "DOCX",
    "DOC",
    "XLSX",
    "XLS",
    "CSV",
    "JSON",
    "TXT",
    "ZIP",
    "OFD",
    "WPS",
    "PNG",
    "JPG",
    "JPEG",
}
FORMATS |= {"TIFF", "BMP", "WEBP", "HTML", "Markdown"}
ALLOWED = {
    *FORMATS,
    "KB",
    "MB",
    "GB",
    "API",
    "OpenAPI",
    "UTF",
    "Word",
    "Excel",
    "Cookie",
    "OCR",
    "GDP",
    "CPI",
    "LDAP",  # Django's help text on the user form: 单一登入或LDAP
    "Control",  # and on the multiple selects: 按住“Control”，或者Mac上的“Command”
    "Command",
    "Mac",
}
# Routes that are not pages a user reads, with the reason.
NOT_PAGES = {
    "accounts:logout": "POST only; answers with a redirect",
    "applications:api_swagger": "Swagger UI, a third-party tool with English controls, linked as such (lang=en)",
    "applications:api:submit": "JSON API operation (its docs are checked)",
    "applications:api:status": "JSON API operation (its docs are checked)",
    "applications:api:staff_list": "JSON API operation (its docs are checked)",
    "applications:api:staff_report": "JSON API operation (its docs are checked)",
    "applications:api:staff_act": "JSON API operation (its docs are checked)",
    "applications:api:api-root": "shadowed by applications:api_index",
    "api_swagger": "Swagger UI, a third-party tool with English controls, linked as such (lang=en)",
    "api:list_items": "JSON API operation (its docs are checked)",
    "api:item_detail": "JSON API operation (its docs are checked)",
    "api:agencies": "JSON API operation (its docs are checked)",
    "api:columns": "JSON API operation (its docs are checked)",
    "api:api-root": "shadowed by api_index",
    "applications:remind_now": "POST only",
    "applications:staff_publish": "POST only",
    "applications:appeal_add": "POST only",
    "applications:appeal_conclude": "POST only",
    "catalogue:submit": "POST only",
    "catalogue:approve": "POST only",
    "catalogue:return": "POST only",
    "catalogue:sign": "POST only",
    "catalogue:withdraw": "POST only",
    "catalogue:validity": "POST only",
    "catalogue:redact": "POST only",
    "catalogue:override": "POST only",
    "catalogue:attach": "POST only",
    "catalogue:remove_attachment": "POST only",
    "annual_reports:action": "POST only",
    "annual_reports:import": "POST only (the form is on the reports list)",
    "annual_reports:prose": "POST only (the form is on the report page)",
    "annual_reports:manual": "POST only (the form is on the report page)",
    "appeals:conclude": "POST only (the form is on the register)",
    "catalogue:classify_secret": "POST only",
    "supervision:audit_delete": "POST only",
    "supervision:audit_resume": "POST only (the button is on the job page once it is interrupted)",
    "supervision:audit_download": "the worker's result file (none without running a bulk audit; named by downloads.py)",
    "applications:correct": "POST only (the form is on the tracking page)",
    "applications:staff_id_proof": "the applicant's uploaded identity document (none in the demo); named by downloads.py",
}

URL = re.compile(r"(?:https?://|www\.)\S+|(?<![\w.])/[\w\-./?=&%#:]*")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
CHUNK = re.compile(r"[A-Za-z0-9_.\-/:+#'’]*[A-Za-z][A-Za-z0-9_.\-/:+#'’]*")
CODE_LIKE = re.compile(
    r"[0-9_/@]|[a-z][A-Z]|[A-Za-z]-[A-Za-z0-9]|[A-Za-z]\.[A-Za-z]|^(?:Y{4}|M{2}|D{2}|N{2,})+$"
)
ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
CJK = re.compile(r"[\u4e00-\u9fff]")
BACKTICKS = re.compile(r"`[^`]*`")  # code in an OpenAPI description (CommonMark)


def english_words(text: str) -> list[str]:
    """The English words in a text: ASCII words that are not a format name, part of a URL or e-mail address,
    or a code-like id (digits, underscores, hyphens or dots inside, camelCase)."""
    text = EMAIL.sub(" ", URL.sub(" ", text))
    words = []
    for chunk in CHUNK.findall(text):
        chunk = chunk.strip(".-:'’/+#")
        if not chunk or CODE_LIKE.search(chunk):
            continue
        words += [w for w in re.findall(r"[A-Za-z]+", chunk) if w not in ALLOWED and w.upper() not in FORMATS]
    return words


def ui_texts(html: str) -> list[str]:
    """What a user reads on the page: the title and body text and the attributes read aloud or shown on
    hover, without scripts, styles, code samples and text marked as another language."""
    doc = lxml.html.document_fromstring(html)
    for node in doc.xpath(
        "//script|//style|//noscript|//template|//code|//kbd|//samp"
        "|//*[@lang and not(starts-with(@lang, 'zh'))]"
    ):
        node.drop_tree()
    texts = [doc.text_content()]
    for name in ATTRIBUTES:
        texts += doc.xpath(f"//@{name}")
    texts += doc.xpath("//input[@type='submit' or @type='button' or @type='reset']/@value")
    return texts


@dataclass
class Findings:
    words: dict[tuple[str, str], set[str]] = field(default_factory=dict)

    def check(self, where: str, who: str, html: str) -> None:
        found = {w for text in ui_texts(html) for w in english_words(text)}
        if found:
            self.words.setdefault((where, who), set()).update(found)

    def check_download(self, where: str, who: str, disposition: str) -> None:
        """A download is named in Chinese, in RFC 5987 `filename*` (the plain `filename` is the ASCII stand-in)."""
        extended = re.search(r"filename\*=UTF-8''([^;]+)", disposition, re.IGNORECASE)
        name = unquote(extended.group(1)) if extended else disposition
        if not CJK.search(name) or english_words(name):
            self.words.setdefault((f"{where} (文件名 {name})", who), set()).update(
                english_words(name) or {"非中文"}
            )

    def report(self) -> str:
        return "\n".join(
            f"{where} [{who}]: {', '.join(sorted(w))}" for (where, who), w in sorted(self.words.items())
        )


def test_the_word_finder_knows_english_from_ids():
    assert english_words("Economy Statistics 主题") == ["Economy", "Statistics"]
    assert english_words("Page not found") == ["Page", "not", "found"]
    assert english_words("索引号 11152200MB0000002/2025-00001，登记编号 2025-YSQ-0001") == []
    assert english_words("下载 PDF、DOCX 或 XLSX；接口 API 见 /api/docs 与 https://example.cn/a?b=1") == []
    assert english_words("联系 gongkai@mzl.gov.cn，用户 mzl-stats-editor，单元格 s3.granted.total") == []
    assert english_words("ItemPage 与 total") == ["total"]


# ------------------------------------------------------------------------------------------ the routes


def named_routes() -> list[tuple[str, URLPattern]]:
    """Every named route outside the admin (the admin is walked below), with its namespaced name."""
    out = []

    def walk(resolver, namespace):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                walk(
                    p, f"{namespace}:{p.namespace}" if namespace and p.namespace else p.namespace or namespace
                )
            elif p.name:
                out.append((f"{namespace}:{p.name}" if namespace else p.name, p))

    walk(get_resolver(), "")
    return out


def route_params(name: str) -> set[str]:
    resolver = get_resolver()
    possibilities = resolver.reverse_dict.getlist(name.rsplit(":", 1)[-1]) if ":" not in name else None
    if possibilities is None:
        namespace, _, short = name.rpartition(":")
        for ns in namespace.split(":"):
            resolver = resolver.namespace_dict[ns][1]
        possibilities = resolver.reverse_dict.getlist(short)
    return set(possibilities[0][0][0][1]) if possibilities else set()


def samples() -> dict[str, list[dict]]:
    """Sample arguments from the demo for each route with arguments."""
    agency = Agency.objects.get(slug=AGENCY)
    city = agency.jurisdiction
    published = InformationItem.objects.filter(agency=agency, state=State.PUBLISHED).order_by("-published_on")
    item = published.filter(attachments__isnull=False).first() or published.first()
    draft = InformationItem.objects.filter(agency=agency, state=State.DRAFT).first()
    in_review = InformationItem.objects.filter(agency=agency, state=State.IN_REVIEW).first()
    attachment = Attachment.objects.filter(item=item).first()
    case = (
        Application.objects.filter(agency=agency, letters__isnull=False, files__isnull=False)
        .order_by("-received_on")
        .first()
    )
    letter = case.letters.first()
    case_file = CaseFile.objects.filter(application__agency=agency).exclude(file="").first()
    file_case = case_file.application if case_file else case
    column = Column.objects.filter(items__in=published).distinct().first()
    report = published.filter(column__kind=ColumnKind.ANNUAL_REPORT).first()
    open_case = Application.objects.filter(
        agency=agency, replied_on__isnull=True, received_on__isnull=False
    ).first()
    clerk = get_user_model().objects.get(username=ROLES["编辑"])
    action = next(iter(actions.available(open_case, clerk)))
    notice = Notice.objects.filter(agency=agency).first() or notices.send(  # the demo sends none
        get_user_model().objects.get(username=ROLES["公开办"]),
        agency,
        topic="stale_column",
        subject="请及时更新工作动态栏目",
        text="工作动态栏目已超过两周未更新，请于期限内更新并答复。",
        due_on=timezone.localdate() + timedelta(days=7),
    )
    job = BulkAudit.objects.create(  # a bulk audit part-way (the demo runs none)
        owner=get_user_model().objects.get(username=ROLES["公开办"]), status="running", total=3, done=1
    )
    sites = [{"scope": "jg", "slug": AGENCY}, {"scope": "qh", "slug": city.slug}]
    return {
        "workspace:notice": [{"pk": notice.pk}],
        "catalogue:item_detail": [{"pk": p.pk} for p in (item, draft, in_review) if p],
        "catalogue:item_edit": [{"pk": draft.pk}] if draft else [],
        "catalogue:item_review": [{"pk": in_review.pk}] if in_review else [],
        "catalogue:attachment": [{"pk": attachment.pk}] if attachment else [],
        "applications:track": [{"tracking_number": case.tracking_number}],
        "applications:public_letter": [
            {"tracking_number": case.tracking_number, "letter_pk": letter.pk, "fmt": "pdf"}
        ],
        "applications:public_file": [{"tracking_number": file_case.tracking_number, "file_pk": case_file.pk}]
        if case_file
        else [],
        "applications:staff_detail": [{"pk": case.pk}],
        "applications:staff_letter": [{"pk": case.pk, "letter_pk": letter.pk, "fmt": "docx"}],
        "applications:staff_file": [{"pk": file_case.pk, "file_pk": case_file.pk}] if case_file else [],
        "applications:staff_action": [{"pk": open_case.pk, "action": action}],
        "applications:staff_table3": [{"agency_pk": agency.pk, "year": YEAR}],
        "portal:item": [{"pk": item.pk}],
        "portal:attachment": [{"pk": attachment.pk}] if attachment else [],
        "portal:report": [{"pk": report.pk}] if report else [],
        "portal:report_download": [{"pk": report.pk, "fmt": "pdf"}] if report else [],
        "portal:home": sites,
        "portal:guide": sites,
        "portal:reports": sites,
        "portal:site_search": sites,
        "portal:directory": [{**sites[0], "fmt": "xlsx"}, {**sites[0], "fmt": "csv"}],
        "portal:column": [{**sites[0], "column_slug": column.slug}],
        "annual_reports:detail": [{"slug": AGENCY, "year": YEAR}, {"slug": AGENCY, "year": YEAR - 1}],
        "annual_reports:preview": [{"slug": AGENCY, "year": YEAR}],
        "annual_reports:download": [{"slug": AGENCY, "year": YEAR - 1, "fmt": "docx"}],
        "supervision:audit_job": [{"pk": job.pk}],
        "supervision:audit_status": [{"pk": job.pk}],
        "applications:carried_over": [{"agency_pk": agency.pk, "year": YEAR}],
        "applications:carried_over_template": [{"agency_pk": agency.pk, "year": YEAR}],
        "supervision:notice_new": [{"agency_slug": AGENCY}],
        "supervision:dashboard": [{"slug": city.slug, "year": YEAR}],
        "supervision:export": [{"slug": city.slug, "year": YEAR, "fmt": "xlsx"}],
        "supervision:rollup": [{"slug": city.slug, "year": YEAR}],
    }


def clients() -> dict[str, Client]:
    out = {}
    for who, username in ROLES.items():
        c = Client()
        if username:
            c.force_login(get_user_model().objects.get(username=username))
        out[who] = c
    return out


def render_all(urls: list[str], findings: Findings, *, names: dict[str, str]) -> list[str]:
    """Fetch each address as every user; check pages and download names. Returns addresses no user could open."""
    unopened = []
    for url in urls:
        opened = False
        for who, c in clients().items():
            response = c.get(url, follow=True)  # a redirect's target is read too (the login page, the docs)
            if response.status_code in (403, 404, 405):
                continue
            assert response.status_code in (200, 400), (url, who, response.status_code)
            opened = True
            disposition = response.get("Content-Disposition", "")
            if disposition:
                findings.check_download(url, who, disposition)
            elif response["Content-Type"].startswith("text/html"):
                findings.check(url, who, response.content.decode())
        if not opened:
            unopened.append(f"{names[url]} {url}")
    return unopened


def test_every_page_is_chinese(demo_db):  # noqa: F811
    routes = named_routes()
    sample = samples()
    missing = [n for n, _ in routes if route_params(n) and n not in sample and n not in NOT_PAGES]
    assert not missing, (
        f"routes with arguments but no sample arguments in SAMPLES or reason in NOT_PAGES: {missing}"
    )
    urls, names = [], {}
    for name, _ in routes:
        if name in NOT_PAGES:
            continue
        for kwargs in sample.get(name, [{}]) if route_params(name) else [{}]:
            url = reverse(name, kwargs=kwargs)
            if url not in names:
                urls.append(url)
                names[url] = name
    without_sample = [n for n, _ in routes if route_params(n) and n in sample and not sample[n]]
    assert not without_sample, f"the demo has nothing to show on: {without_sample}"
    findings = Findings()
    unopened = render_all(urls, findings, names=names)
    assert not unopened, f"no user could open: {unopened}"
    ids = identifiers()
    findings.words = {k: w - ids for k, w in findings.words.items() if w - ids}
    assert not findings.words, "English words on pages:\n" + findings.report()


def test_every_admin_list_is_chinese(demo_db):  # noqa: F811
    """The admin index, each app's index and each model's list (as the superuser). The demo's identifiers
    (slugs, user names, 查询码) are data, not words."""
    c = clients()["系统管理员"]
    findings = Findings()
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse("admin:app_list", kwargs={"app_label": meta.app_label}))
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    ids = identifiers()
    for url in dict.fromkeys(urls):
        response = c.get(url)
        assert response.status_code == 200, (url, response.status_code)
        found = {w for text in ui_texts(response.content.decode()) for w in english_words(text)} - ids
        if found:
            findings.words[(url, "系统管理员")] = found
    assert not findings.words, "English words in the admin:\n" + findings.report()
    users = c.get(reverse("admin:auth_user_changelist")).content.decode()
    assert re.search(r'icon-yes\.svg" alt="是"', users) and re.search(r'icon-no\.svg" alt="否"', users)


def test_every_admin_form_is_chinese(demo_db):  # noqa: F811
    """Each model's add form (where the admin may add) and the change or view form of its first object in the
    demo (of every object, for a model with at most 20), as the superuser: labels, help texts, choices, inlines'
    headers and readonly values."""
    c = clients()["系统管理员"]
    admin_user = get_user_model().objects.get(username=ROLES["系统管理员"])
    records_the_demo_lacks(admin_user)
    findings, ids, opened, empty = Findings(), identifiers(), 0, []
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        request = type("Request", (), {"user": admin_user})()
        urls = [reverse(f"admin:{meta.app_label}_{meta.model_name}_add")]
        urls = urls if model_admin.has_add_permission(request) else []
        some = list(model._default_manager.order_by("pk")[:21])  # a few rows: each (the reports differ)
        if not some:
            empty.append(meta.label)
        for record in some if len(some) <= 20 else some[:1]:
            urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk]))
        for url in urls:
            response = c.get(url)
            assert response.status_code == 200, (url, response.status_code)
            opened += 1
            html = HASH_PARTS.sub("", response.content.decode())
            found = {w for text in ui_texts(html) for w in english_words(text)} - ids
            if found:
                findings.words[(url, "系统管理员")] = found
    assert not findings.words, "English words in the admin's forms:\n" + findings.report()
    assert not empty, f"no record to open the change form of: {empty}"
    assert opened >= len(admin.site._registry)  # every model's change form, and the add forms


HASH_PARTS = re.compile(r"<bdi>[^<]*</bdi>")  # the password hash's algorithm, salt and digest: random letters


def records_the_demo_lacks(user) -> None:
    """One record of each model the demo leaves empty, so its change form is read too."""
    from axes.models import AccessAttempt, AccessFailureLog
    from django.contrib.auth.models import Group, Permission

    from gongkai_platform.catalogue.models import PrivacyOverride, Validity, ValidityChange
    from gongkai_platform.supervision import audit_jobs

    item = InformationItem.objects.filter(agency__slug=AGENCY, state=State.PUBLISHED).first()
    group, _ = Group.objects.get_or_create(name="审核人员")
    group.permissions.add(*Permission.objects.filter(codename__startswith="view_")[:3])
    seen = {
        "user_agent": "Mozilla/5.0",
        "ip_address": "203.0.113.9",
        "username": "zhang_san",
        "path_info": "/",
    }
    AccessAttempt.objects.create(**seen, http_accept="text/html", failures_since_start=3)
    AccessFailureLog.objects.create(**seen, http_accept="text/html", locked_out=False)
    PrivacyOverride.objects.create(
        item=item, user=user, reason="已核实为公开的单位电话", fingerprints=["ab12"]
    )
    ValidityChange.objects.create(
        item=item, user=user, old=Validity.VALID, new=Validity.REPEALED, effective_on=timezone.localdate()
    )
    notices.send(
        get_user_model().objects.get(username=ROLES["公开办"]),
        Agency.objects.get(slug=AGENCY),
        topic="stale_column",
        subject="请及时更新工作动态栏目",
        text="工作动态栏目已超过两周未更新，请于期限内更新并答复。",
        due_on=timezone.localdate() + timedelta(days=7),
    )
    audit_jobs.queue_step(BulkAudit.objects.create(owner=user, total=0).pk)  # a task result row


def identifiers() -> set[str]:
    """The demo's own identifiers, which the admin lists as data."""
    return {
        *Agency.objects.values_list("slug", flat=True),
        *Agency.objects.values_list("jurisdiction__slug", flat=True),
        *get_user_model().objects.values_list("username", flat=True),
        *Application.objects.values_list("tracking_number", flat=True),
    }


@override_settings(DEBUG=False, ROOT_URLCONF="tests.platform.error_urls")
def test_error_pages_are_chinese(demo_db):  # noqa: F811
    findings = Findings()
    public = Client(raise_request_exception=False)
    pages = {
        "404": public.get("/xxgk/no-such-page/"),
        "500": public.get("/boom/"),
        "400": public.get("/xxgk/", headers={"host": "bad host!"}),
        "403 CSRF": Client(enforce_csrf_checks=True).post(reverse("accounts:login"), {"username": "x"}),
    }
    editor = Client(raise_request_exception=False)
    editor.force_login(get_user_model().objects.get(username=ROLES["编辑"]))
    office_item = InformationItem.objects.filter(agency__slug="mzl-office", state=State.DRAFT).first()
    pages["403/404 (another agency's draft)"] = editor.get(
        reverse("catalogue:item_edit", args=[office_item.pk])
    )
    codes = {k: r.status_code for k, r in pages.items()}
    assert codes["404"] == 404 and codes["500"] == 500 and codes["400"] == 400 and codes["403 CSRF"] == 403
    for key, response in pages.items():
        findings.check(key, "公众", response.content.decode())
        assert '<html lang="zh-CN">' in response.content.decode(), key
    assert not findings.words, "English words on error pages:\n" + findings.report()


def test_the_openapi_texts_are_chinese(client, demo_db):  # noqa: F811
    findings = Findings()
    for url in (reverse("api:openapi-json"), reverse("applications:api:openapi-json")):
        texts = list(_doc_texts(client.get(url).json()))
        findings.check(url, "公众", "<p>" + "</p><p>".join(texts) + "</p>")
    assert not findings.words, "English words in the API docs:\n" + findings.report()


def test_every_app_and_model_has_a_chinese_name():
    """The admin's section and model names, for our apps and the third-party ones (auth, axes, tasks)."""
    cjk = re.compile(r"[\u4e00-\u9fff]")
    english = []
    for config in apps.get_app_configs():
        models = [m for m in config.get_models() if m in admin.site._registry]
        if not models:
            continue
        if not cjk.search(str(config.verbose_name)):
            english.append(f"app {config.label}: {config.verbose_name}")
        for m in models:
            for label in (m._meta.verbose_name, m._meta.verbose_name_plural):
                if not cjk.search(str(label)):
                    english.append(f"model {m._meta.label}: {label}")
    assert not english, english


def _doc_texts(node, key="", parent=""):
    """The human texts of an OpenAPI document (a schema's own title is its name, an identifier)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if not (k == "title" and parent == "schemas-member"):
                yield from _doc_texts(v, k, "schemas-member" if key == "schemas" else "")
    elif isinstance(node, list):
        for v in node:
            yield from _doc_texts(v, key)
    elif isinstance(node, str) and key in ("title", "summary", "description", "tags"):
        yield BACKTICKS.sub(" ", node)
