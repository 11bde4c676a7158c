"""The public 政府信息公开 pages. Only published items are ever shown; everything else is a 404."""

from datetime import date

from django.core.paginator import Paginator
from django.db.models import Case, Count, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from gongkai_platform.agencies.models import Agency, Jurisdiction
from gongkai_platform.catalogue import directory, standard_columns
from gongkai_platform.catalogue import guide as guide_document
from gongkai_platform.catalogue.models import Attachment, ColumnKind, Disclosure, InformationItem, State
from gongkai_platform.downloads import attachment_response, file_attachment
from gongkai_platform.portal import reports
from gongkai_platform.portal.cache import cached_page
from gongkai_platform.portal.forms import SearchForm
from gongkai_platform.portal.sites import Site, get_site, site_of
from gongkai_platform.search import services as search_services

PAGE_SIZE = 20
LATEST = 6  # per column on a home page
LATEST_HOME = 10  # 最新公开, across the site


def _published(pk: int) -> InformationItem:
    return get_object_or_404(
        InformationItem.objects.select_related(
            "agency__jurisdiction", "column__parent", "topic__parent", "genre__parent"
        ),
        pk=pk,
        state=State.PUBLISHED,
    )


@require_safe
@cached_page
def index(request):
    """All sites: each jurisdiction with its agencies."""
    areas = Jurisdiction.objects.prefetch_related("agencies").order_by("parent_id", "name")
    return render(request, "portal/index.html", {"areas": areas})


@require_safe
@cached_page
def home(request, scope, slug):
    site = get_site(scope, slug)
    columns = list(site.columns().filter(parent=None))
    items = site.items()
    counts = dict(
        items.order_by().values_list("column_id").annotate(n=Count("pk")).values_list("column_id", "n")
    )
    newest = {pk: list(items.filter(column_id=pk)[:LATEST_HOME]) for pk in counts}
    sections = []
    for column in columns:
        children = list(site.children(column))
        for child in children:
            child.count = counts.get(child.pk, 0)
        latest = _merged([newest.get(c.pk, []) for c in (column, *children)], LATEST)
        sections.append({"column": column, "children": children, "latest": latest})
    context = {
        "site": site,
        "sections": sections,
        "latest": _merged(newest.values(), LATEST_HOME),
        "show_agency": not site.agency,
    }
    if site.agency is None:
        context.update(_home_agencies(site))
    return render(request, "portal/home.html", context)


def _merged(lists, n: int) -> list[InformationItem]:
    """The n newest of several columns' newest-first lists. Each column's newest are read from its own index
    range, newest first, stopping at LATEST_HOME (one query per column that has items); one query over many
    columns or the whole site made SQLite sort every item of them (0.45-0.6 s a list at 300,000 items)."""
    found = [item for items in lists for item in items]
    found.sort(key=lambda it: (it.published_on or date.min, it.pk), reverse=True)
    return found[:n]


HOME_AGENCIES = 100  # a province's thousand would be most of the page's bytes and time


def _home_agencies(site: Site) -> dict:
    """A jurisdiction home's 所属机构: its own agencies first, then those below, at most HOME_AGENCIES (the
    指南 page lists them all), and the areas below, each with its own home."""
    agencies = site.agencies().select_related("jurisdiction")
    own_first = Case(When(jurisdiction=site.jurisdiction, then=0), default=1)
    return {
        "agencies": list(agencies.order_by(own_first, "jurisdiction__name", "name")[:HOME_AGENCIES]),
        "agency_count": agencies.count(),
        "areas": list(site.jurisdiction.children.order_by("name")),
    }


@require_safe
@cached_page
def column(request, scope, slug, column_slug):
    site = get_site(scope, slug)
    col = site.column(column_slug)
    if col.kind == ColumnKind.GUIDE and col.parent_id is None:
        return redirect("portal:guide", scope, slug)
    children = list(site.children(col))
    items = site.items().filter(column_id__in=[col.pk, *(c.pk for c in children)])
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/column.html",
        {
            "site": site,
            "column": col,
            "children": children,
            "page": page,
            "show_agency": not site.is_agency,
            "article21": standard_columns.article21_text(site.agency)
            if site.agency and col.slug == "statutory"
            else "",
        },
    )


@require_safe
@cached_page
def item(request, pk):
    found = _published(pk)
    attachments = found.attachments.all()
    return render(
        request,
        "portal/item.html",
        {"site": site_of(found.agency), "item": found, "attachments": attachments},
    )


@require_safe
def attachment(request, pk):
    att = get_object_or_404(
        Attachment.objects.select_related("item"),
        pk=pk,
        item__state=State.PUBLISHED,
        item__disclosure=Disclosure.PROACTIVE,  # 依申请公开 items list only their metadata
    )
    try:
        handle = att.file.open("rb")
    except OSError as exc:
        raise Http404("附件文件不存在。") from exc
    return file_attachment(handle, att.original_name, att.content_type)


@require_safe
@cached_page
def guide(request, scope, slug):
    """An agency's 指南 generated from its fields; an area's page lists its agencies' 指南 and contacts."""
    site = get_site(scope, slug)
    items = site.items().filter(column__kind=ColumnKind.GUIDE)
    agencies = [site.agency] if site.agency else list(site.agencies())
    generated = None
    if site.agency:
        generated = guide_document.build(
            site.agency, request.build_absolute_uri(reverse("applications:apply"))
        )
    context = {"site": site, "guide": generated, "guides": items[:10], "agencies": agencies}
    return render(request, "portal/guide.html", context)


@require_safe
def directory_download(request, scope, slug, fmt):
    """An agency's 政府信息公开目录 as XLSX or CSV, for anyone (条例第十二条)."""
    site = get_site(scope, slug)
    if site.agency is None or fmt not in directory.FORMATS:
        raise Http404("没有这个格式的政府信息公开目录。")
    content, name, media_type = directory.export(site.agency, fmt)
    return attachment_response(content, name, media_type)


@require_safe
@cached_page
def report_list(request, scope, slug):
    site = get_site(scope, slug)
    items = site.items().filter(column__kind=ColumnKind.ANNUAL_REPORT)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/report_list.html", {"site": site, "page": page})


@require_safe
@cached_page
def report_detail(request, pk):
    found = _published(pk)
    if found.column.kind != ColumnKind.ANNUAL_REPORT:
        raise Http404("这不是年度报告。")
    core = reports.core_report(found)
    attachments = list(found.attachments.all())
    context = {
        "site": site_of(found.agency),
        "item": found,
        "report_html": reports.signed_html(found)
        or (reports.report_html(core) if core is not None else None),
        # The files stored at publication are the signed versions; render on the fly only when there are none.
        "downloads": reports.DOWNLOADS if core is not None and not attachments else (),
        "attachments": attachments,
    }
    return render(request, "portal/report_detail.html", context)


@require_safe
def report_download(request, pk, fmt):
    found = _published(pk)
    core = reports.core_report(found) if found.column.kind == ColumnKind.ANNUAL_REPORT else None
    if core is None or fmt not in reports.DOWNLOADS:
        raise Http404("没有这个格式的年度报告。")
    data, media_type, suffix = reports.download(core, fmt)
    return attachment_response(data, f"{found.title}{suffix}", media_type)  # the report's title, in Chinese


def _search_page(request, site: Site | None):
    agencies = site.agencies() if site else Agency.objects.all()
    this_year = date.today().year
    form = SearchForm(request.GET or None, agencies=agencies, years=range(this_year, this_year - 30, -1))
    results = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = search_services.Filters(
            agency=data["agency"] or (site.agency if site else None),
            jurisdiction=site.jurisdiction if site and not site.agency else None,
            column=data["column"],
            topic=data["topic"],
            year=data["year"],
            validity=data["validity"],
        )
        results = search_services.search(data["q"], filters, data["page"] or 1, sort=data["sort"])
        if not results.hits and results.page > results.pages:  # a page past the end: show the last one
            results = search_services.search(data["q"], filters, results.pages, sort=data["sort"])
    return render(
        request,
        "portal/search.html",
        {"site": site, "form": form, "results": results, "sorts": search_services.SORTS},
    )


@require_safe
def search(request):
    return _search_page(request, None)


@require_safe
def site_search(request, scope, slug):
    return _search_page(request, get_site(scope, slug))
