"""Pages of the workspace itself: the 工作台, a 督办 with its answer, the CSRF-failure page
(settings.CSRF_FAILURE_VIEW)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from gongkai_platform.supervision import notices
from gongkai_platform.supervision.forms import ReplyForm
from gongkai_platform.supervision.models import Notice
from gongkai_platform.workspace import tasks


@login_required
def home(request):
    return render(request, "workspace/home.html", {"bench": tasks.for_user(request.user)})


@login_required
def notice_detail(request, pk):
    notice = get_object_or_404(Notice.objects.select_related("agency", "sent_by", "answered_by"), pk=pk)
    if not notices.can_view(request.user, notice):
        raise Http404
    can_answer = notice.is_open and notices.can_answer(request.user, notice)
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        if not can_answer:
            raise PermissionDenied("只有被督办机构的工作人员可以答复尚未办结的督办。")
        if form.is_valid():
            try:
                notices.answer(request.user, notice, form.cleaned_data["reply"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "已答复督办。")
                return redirect("workspace:notice", pk=notice.pk)
    return render(
        request, "workspace/notice.html", {"notice": notice, "form": form, "can_answer": can_answer}
    )


def csrf_failure(request, reason=""):
    """A form posted without a valid security token (usually a page left open past the session): say so in
    Chinese and link back to the form. Django's CSRF middleware has already logged the technical reason."""
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    return render(request, "403_csrf.html", {"back": back}, status=403)
