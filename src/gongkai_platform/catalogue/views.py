"""Staff pages for the publishing workflow. Views only translate HTTP into calls of `services`; every rule
lives there, and WorkflowError or ValidationError messages are shown to the user instead of an error page."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai_platform.agencies import permissions
from gongkai_platform.agencies.models import Role
from gongkai_platform.catalogue import attachments, deadlines, deliveries, directory, guide, privacy, services
from gongkai_platform.catalogue.forms import (
    AgencyChoiceForm,
    AttachmentForm,
    CommentForm,
    DeliveryFilterForm,
    DeliveryForm,
    FilterForm,
    GuideFieldsForm,
    ItemForm,
    ReasonForm,
    ValidityForm,
)
from gongkai_platform.catalogue.models import Attachment, InformationItem, State
from gongkai_platform.downloads import attachment_response, file_attachment
from gongkai_platform.workspace import tables


def _item_for(user, pk) -> InformationItem:
    item = get_object_or_404(InformationItem.objects.select_related("agency", "column"), pk=pk)
    if not services.can_view(user, item):
        raise Http404  # do not reveal that another agency's draft exists
    return item


def item_action(view):
    """POST-only action on an item: runs the view, turns user-facing errors into messages, goes back."""

    @login_required
    @require_POST
    @wraps(view)
    def wrapper(request, pk):
        item = _item_for(request.user, pk)
        try:
            result = view(request, item)
        except (services.WorkflowError, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
            result = None
        return result or redirect("catalogue:item_detail", pk=item.pk)

    return wrapper


ITEM_COLUMNS = [
    tables.Column("title", "标题", "title"),
    tables.Column("agency", "机构", "agency__name"),
    tables.Column("state", "状态", "state"),
    tables.Column("written", "成文日期", "written_on"),
    tables.Column("updated", "最后修改", "updated_at"),
    tables.Column("index", "索引号", "index_number"),
]


@login_required
def item_list(request):
    readable = permissions.readable_agencies(request.user)
    form = FilterForm(request.GET or None, agencies=readable)
    items = (
        services.items_visible_to(request.user).filter(agency__in=readable).select_related("agency", "column")
    )
    state = ""
    if form.is_valid():
        if form.cleaned_data["q"]:
            items = items.filter(title__icontains=form.cleaned_data["q"])
        if state := form.cleaned_data["state"]:
            items = items.filter(state=state)
        if form.cleaned_data["agency"]:
            items = items.filter(agency=form.cleaned_data["agency"])
        if topic := form.cleaned_data["topic"]:
            items = items.filter(topic_id__in=topic.subtree_ids())
    heading = State(state).label if state else "全部信息"
    return render(
        request,
        "catalogue/item_list.html",
        {
            "form": form,
            "table": tables.sort_and_paginate(request, items, ITEM_COLUMNS, default="-updated"),
            "heading": heading,
            "trail": [
                ("工作台", reverse("workspace:home")),
                ("主动公开", reverse("catalogue:item_list")),
                (heading, ""),
            ],
            "can_draft": permissions.agencies_with_role(request.user, Role.EDITOR).exists(),
            "create_url": reverse("catalogue:item_create"),
        },
    )


@login_required
def overdue(request):
    items = services.items_visible_to(request.user).filter(
        agency__in=permissions.readable_agencies(request.user)
    )
    return render(request, "catalogue/overdue.html", {"report": deadlines.deadline_report(items)})


@login_required
def item_create(request):
    agencies = permissions.agencies_with_role(request.user, Role.EDITOR)
    if not agencies.exists():
        raise PermissionDenied("您没有起草信息的岗位。")
    chooser = AgencyChoiceForm(request.GET or None, agencies=agencies)
    agency = chooser.chosen()
    form = ItemForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            item = services.create_draft(request.user, agency, **fields)
        except services.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "草稿已保存。")
            return redirect("catalogue:item_detail", pk=item.pk)
    return render(request, "catalogue/item_form.html", {"form": form, "chooser": chooser, "agency": agency})


@login_required
def item_edit(request, pk):
    item = _item_for(request.user, pk)
    if "edit" not in services.allowed_actions(request.user, item):
        raise PermissionDenied("该信息当前不能修改。")
    form = ItemForm(request.POST or None, instance=item, agency=item.agency)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.update_draft(request.user, item, expected_version=form.cleaned_data["version"], **fields)
        except services.EditConflict as exc:
            # Keep what this user typed; a second save, after comparing, deliberately replaces the newer version.
            data = request.POST.copy()
            data["version"] = exc.item.version
            form = ItemForm(data, instance=exc.item, agency=item.agency)
            form.is_valid()
            form.add_error(None, str(exc))
        except services.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "修改已保存。")
            return redirect("catalogue:item_detail", pk=item.pk)
    return render(request, "catalogue/item_form.html", {"form": form, "item": item, "agency": item.agency})


@login_required
def item_detail(request, pk):
    item = _item_for(request.user, pk)
    try:
        due = deadlines.publish_deadline(item) if item.state in deadlines.UNPUBLISHED else None
        calendar_error = None
    except deadlines.CalendarMissing as exc:
        due, calendar_error = None, str(exc)
    return render(
        request,
        "catalogue/item_detail.html",
        {
            "item": item,
            "actions": services.allowed_actions(request.user, item),
            "separated": _held_back(request.user, item),
            "due": due,
            "today": timezone.localdate(),
            "calendar_error": calendar_error,
            "hits": services.unresolved_hits(item) if item.state in deadlines.UNPUBLISHED else [],
            "warnings": services.review_warnings(item) if item.state in deadlines.UNPUBLISHED else [],
            "attachment_form": AttachmentForm(),
            "comment_form": CommentForm(),
            "reason_form": ReasonForm(),
            "validity_form": ValidityForm(),
            "events": item.events.select_related("user"),
            "validity_changes": item.validity_changes.select_related("user"),
        },
    )


def _held_back(user, item) -> bool:
    """Whether the user holds the role for the item's next step but may not take it (separation of duties)."""
    step_role = {State.IN_REVIEW: Role.REVIEWER, State.AWAITING_SIGNOFF: Role.SIGNER}.get(item.state)
    return (
        bool(step_role)
        and permissions.has_role(user, item.agency, step_role)
        and services.is_separated(user, item)
    )


@login_required
def item_review(request, pk):
    """The 保密审查 page: every hit highlighted in place, with redact / override / approve / return."""
    item = _item_for(request.user, pk)
    if "review" not in services.allowed_actions(request.user, item):
        raise PermissionDenied("该信息当前不在您的审核队列中。")
    unresolved = {h.hit.fingerprint for h in services.unresolved_hits(item)}
    fields = []
    for name, label, text in services.scanned_fields(item):
        hits = privacy.scan(text)
        if hits or name in ("title", "summary", "body"):
            fields.append({"label": label, "segments": privacy.segments(text, hits), "count": len(hits)})
    files = []
    for att in item.attachments.all():
        hits = privacy.scan(att.extracted_text)
        name_hits = privacy.scan(att.original_name)
        files.append(
            {
                "attachment": att,
                "name_segments": privacy.segments(att.original_name, name_hits),
                "segments": privacy.segments(att.extracted_text, hits),
                "count": len(hits) + len(name_hits),
            }
        )
    return render(
        request,
        "catalogue/item_review.html",
        {
            "item": item,
            "fields": fields,
            "files": files,
            "hits": services.scan_item(item),
            "warnings": services.review_warnings(item),
            "unresolved": unresolved,
            "overrides": item.privacy_overrides.select_related("user"),
            "comment_form": CommentForm(),
            "reason_form": ReasonForm(),
        },
    )


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(Attachment.objects.select_related("item__agency"), pk=pk)
    if not services.can_view(request.user, attachment.item):
        raise Http404
    return file_attachment(attachment.file.open("rb"), attachment.original_name)


# Actions ----------------------------------------------------------------------------------------------------


def _comment(request) -> str:
    return request.POST.get("comment", "").strip()


@item_action
def submit(request, item):
    services.submit_for_review(request.user, item, _comment(request))
    messages.success(request, "已提交审核。")


@item_action
def approve(request, item):
    services.approve_review(request.user, item, _comment(request))
    messages.success(request, "审核通过，已送签批。")


@item_action
def return_item(request, item):
    services.return_to_draft(request.user, item, _comment(request))
    messages.success(request, "已退回起草人。")


@item_action
def sign(request, item):
    item = services.sign_off(request.user, item, _comment(request))
    messages.success(request, f"已签批发布，索引号 {item.index_number}。")


@item_action
def withdraw(request, item):
    services.withdraw(request.user, item, request.POST.get("reason", ""))
    messages.success(request, "已撤回。")


@item_action
def change_validity(request, item):
    form = ValidityForm(request.POST)
    if not form.is_valid():
        raise ValidationError("请填写有效性和变更日期。")
    services.change_validity(request.user, item, **form.cleaned_data)
    messages.success(request, "有效性已变更。")


@item_action
def classify_secret(request, item):
    services.classify_secret(request.user, item, request.POST.get("reason", ""))
    messages.success(request, "已认定涉密，退回起草人。该信息不再发布。")


@item_action
def redact(request, item):
    fingerprints = request.POST.getlist("fingerprint") or None
    services.redact(request.user, item, fingerprints)
    messages.success(request, "已遮盖所选内容。")
    return redirect("catalogue:item_review", pk=item.pk)


@item_action
def override(request, item):
    services.override_privacy(request.user, item, request.POST.get("reason", ""))
    messages.success(request, "已记录放行理由。")
    return redirect("catalogue:item_review", pk=item.pk)


@item_action
def attach(request, item):
    files = request.FILES  # parsing the body sets upload_too_large (uploads.SizeLimitedUploadHandler)
    if getattr(request, "upload_too_large", False):
        attachments.check_size(settings.ATTACHMENT_MAX_BYTES + 1)
    form = AttachmentForm(request.POST, files)
    if not form.is_valid():
        raise ValidationError("请选择要上传的文件。")
    upload = form.cleaned_data["file"]
    attachments.check_size(upload.size)  # before the file is read into memory
    services.add_attachment(request.user, item, upload.name, upload.read())
    messages.success(request, f"已上传附件“{upload.name}”。")


@login_required
@require_POST
def remove_attachment(request, pk):
    attachment = get_object_or_404(Attachment.objects.select_related("item__agency"), pk=pk)
    if not services.can_view(request.user, attachment.item):
        raise Http404
    try:
        services.remove_attachment(request.user, attachment)
        messages.success(request, "附件已删除。")
    except services.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect("catalogue:item_detail", pk=attachment.item_id)


# The 目录 and the register of deliveries --------------------------------------------------------------------


@login_required
def directory_page(request):
    """The 政府信息公开目录 of one of the user's agencies: a preview and the XLSX/CSV downloads."""
    readable = permissions.readable_agencies(request.user)
    if not readable.exists():
        raise PermissionDenied("您没有查看政府信息公开目录的权限。")
    chooser = AgencyChoiceForm(request.GET or None, agencies=readable, label="机构")
    agency = chooser.chosen()
    fmt = request.GET.get("format")
    if fmt in directory.FORMATS:
        content, name, media_type = directory.export(agency, fmt)
        return attachment_response(content, name, media_type)
    items = directory.items_of(agency)
    return render(
        request,
        "catalogue/directory.html",
        {
            "agency": agency,
            "chooser": chooser,
            "headers": [h for h, _ in directory.COLUMNS],
            "rows": directory.rows(items[:20]),
            "count": items.count(),
        },
    )


@login_required
def delivery_list(request):
    """第二十五条 register: what was delivered to the 档案馆 and 图书馆, when and by whom."""
    agencies = deliveries.recording_agencies(request.user)
    form = None
    if agencies.exists():
        form = DeliveryForm(request.POST or None)
        chooser = AgencyChoiceForm(request.POST or None, agencies=agencies, label="送交机构")
        form.chooser = chooser
        if request.method == "POST" and form.is_valid() and chooser.is_valid():
            try:
                deliveries.record_delivery(request.user, chooser.cleaned_data["agency"], **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, "送交记录已登记。")
                return redirect("catalogue:deliveries")
    elif request.method == "POST":
        raise PermissionDenied("您没有登记送交的权限。")
    filters = DeliveryFilterForm(request.GET or None)
    rows = deliveries.visible_to(request.user)
    if filters.is_valid():
        for name in ("what", "recipient"):
            if filters.cleaned_data[name]:
                rows = rows.filter(**{name: filters.cleaned_data[name]})
    return render(
        request,
        "catalogue/deliveries.html",
        {"form": form, "filters": filters, "rows": rows[:200], "count": rows.count()},
    )


@login_required
def guide_fields(request):
    """The fields the agency's 指南 is generated from, with the generated 指南 beside them."""
    agencies = guide.editable_agencies(request.user)
    if not agencies.exists():
        raise PermissionDenied("您没有修改公开指南的岗位。")
    chooser = AgencyChoiceForm(request.GET or None, agencies=agencies, label="机构")
    agency = chooser.chosen()
    form = GuideFieldsForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        guide.update_fields(request.user, agency, **form.cleaned_data)
        messages.success(request, "公开指南信息已保存，网站上的指南已同步更新。")
        return redirect(f"{reverse('catalogue:guide_fields')}?agency={agency.pk}")
    agency.refresh_from_db()  # the preview shows what is saved, not what failed validation
    return render(
        request,
        "catalogue/guide_fields.html",
        {
            "form": form,
            "chooser": chooser,
            "agency": agency,
            "guide": guide.build(agency, request.build_absolute_uri(reverse("applications:apply"))),
        },
    )
