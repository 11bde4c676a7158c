"""Annual reports on the portal: the items of the 年报 column, rendered through the core when the platform's
annual_reports app has the report behind the item (`item.annual_report`), as their plain body otherwise."""

import importlib
import re

from django.utils.safestring import SafeString, mark_safe
from gongkai.renderers import OUTPUTS, render

from gongkai_platform.catalogue.models import InformationItem

DOWNLOADS = ("docx", "pdf")
_ARTICLE = re.compile(r"<article>.*</article>", re.S)


def core_report(item: InformationItem):
    """The core Report behind an annual-report item, or None when there is none (or no app to build it)."""
    report = getattr(item, "annual_report", None)
    if report is None:
        return None
    try:
        convert = importlib.import_module("gongkai_platform.annual_reports.convert")
    except ImportError:
        return None
    return convert.to_core(report)


def signed_html(item: InformationItem) -> SafeString | None:
    """The report article as stored when the signed report was published, so the page shows exactly what was
    signed; None when nothing was stored (imported reports, or reports published before files were kept)."""
    report = getattr(item, "annual_report", None)
    if report is None or not getattr(report, "html_file", None):
        return None
    with report.html_file.open("rb") as stored:
        found = _ARTICLE.search(stored.read().decode("utf-8"))
    return mark_safe(found.group()) if found else None


def report_html(report) -> SafeString:
    """The core renderer's report article, without its page-level stylesheet (the portal's CSS lays it out).
    The renderer escapes every value it writes."""
    html = render(report, "html").decode("utf-8")
    found = _ARTICLE.search(html)
    return mark_safe(found.group() if found else "")


def download(report, fmt: str) -> tuple[bytes, str, str]:
    """(bytes, media type, file suffix) of the report in `fmt`, one of DOWNLOADS."""
    output = OUTPUTS[fmt]
    return render(report, fmt), output.media_type, output.suffix
