"""The publishing workflow: draft → 审核 (with the 保密审查) → 签批 → published, then withdrawal or 有效性
changes.

Every function checks the acting user's role in the item's agency, changes the item inside one transaction,
writes a WorkflowEvent and an audit entry, and raises PermissionDenied or WorkflowError (with a message a user
can read) instead of doing anything partial.
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import CharField, TextField
from django.utils import timezone

from gongkai_platform.agencies import permissions
from gongkai_platform.agencies.models import Agency, Role
from gongkai_platform.auditlog.models import AuditEntry
from gongkai_platform.auditlog.services import diff, record, snapshot
from gongkai_platform.catalogue import attachments, hooks, index_numbers, metadata, privacy
from gongkai_platform.catalogue.models import (
    Attachment,
    Column,
    Disclosure,
    InformationItem,
    PrivacyOverride,
    Secrecy,
    State,
    Validity,
    ValidityChange,
    WorkflowEvent,
)

EDITABLE_FIELDS = [
    "column",
    "title",
    "summary",
    "body",
    "topic",
    "genre",
    "doc_type",
    "publisher",
    "written_on",
    "doc_number",
    "disclosure",
    "disclosure_reason",
    "channels",
    "audience",
    "validity",
    "effective_on",
    "repealed_on",
    "keywords",
]


class WorkflowError(Exception):
    """A step that is not possible in the item's current state; the message is shown to the user."""


def _require(user, agency: Agency, role: str, what: str) -> None:
    if not permissions.has_role(user, agency, role):
        raise PermissionDenied(f"您没有在“{agency.name}”{what}的权限。")


def _require_state(item: InformationItem, *states: str) -> None:
    if item.state not in states:
        raise WorkflowError(f"该信息当前状态为“{item.get_state_display()}”，不能执行此操作。")


def drafters(item: InformationItem) -> set[int]:
    """Ids of everyone who wrote the item: its creator, whoever changed its text or attachments, and whoever
    submitted it."""
    ids = {item.created_by_id}
    ids |= set(item.events.filter(action__in=("create", "submit")).values_list("user_id", flat=True))
    ids |= set(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(InformationItem),
            object_id=str(item.pk),
            action__in=("item.create", "item.update", "attachment.add"),
        ).values_list("user_id", flat=True)
    )
    return ids - {None}


def is_separated(user, item: InformationItem) -> bool:
    """Separation of duties (on by default, per jurisdiction): whoever drafted an item neither reviews nor signs
    it."""
    return item.agency.jurisdiction.separate_duties and user.pk in drafters(item)


def _require_separation(user, item: InformationItem, step: str) -> None:
    if is_separated(user, item):
        raise WorkflowError(
            f"您参与了该信息的起草，按职责分离的要求不能{step}本人起草的信息，请由其他人员办理。"
        )


def _locked(item: InformationItem) -> InformationItem:
    """Re-read the item under a row lock so two people cannot move it at once."""
    return InformationItem.objects.select_for_update().select_related("agency__jurisdiction").get(pk=item.pk)


def _move(item, user, action: str, to_state: str, comment: str = "") -> None:
    from_state = item.state
    item.state = to_state
    item.save()
    WorkflowEvent.objects.create(
        item=item, user=user, action=action, from_state=from_state, to_state=to_state, comment=comment
    )
    record(user, f"item.{action}", item, {"state": [from_state, to_state], "comment": comment})


def _check_metadata(item: InformationItem) -> None:
    errors = metadata.errors(item)
    if errors:
        raise ValidationError(errors)


def review_warnings(item: InformationItem) -> list[str]:
    """Shown to the editor and reviewer; they do not block approval."""
    return metadata.warnings(item)


def _check_column(agency: Agency, column: Column) -> None:
    if column.agency_id not in (None, agency.pk):
        raise WorkflowError("所选栏目不属于该机构。")


# Drafting ---------------------------------------------------------------------------------------------------


def create_draft(user, agency: Agency, **fields) -> InformationItem:
    _require(user, agency, Role.EDITOR, "起草信息")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    _check_column(agency, fields["column"])
    item = InformationItem(agency=agency, created_by=user, **fields)
    _check_metadata(item)
    with transaction.atomic():
        item.save()
        WorkflowEvent.objects.create(
            item=item, user=user, action="create", from_state=State.DRAFT, to_state=State.DRAFT
        )
        record(user, "item.create", item, snapshot(item, EDITABLE_FIELDS))
    return item


class EditConflict(WorkflowError):
    """Someone else saved the draft after this user opened it; nothing was saved."""

    def __init__(self, item: InformationItem, fields: list[str]):
        self.item, self.fields = item, fields
        labels = "、".join(str(InformationItem._meta.get_field(f).verbose_name) for f in fields)
        differing = f"现存内容与您填写的不同之处：{labels}。" if labels else ""
        super().__init__(
            f"保存失败：您打开此草稿后，已有他人于{timezone.localtime(item.updated_at):%H:%M}修改并保存。{differing}"
            "您填写的内容保留在下方，请与最新内容核对；再次保存即以您填写的内容为准。"
        )


def update_draft(
    user, item: InformationItem, expected_version: int | None = None, **fields
) -> InformationItem:
    """Change a draft. With `expected_version` (the version the user's form was opened at), a save that would
    overwrite someone else's later save is refused with EditConflict instead."""
    _require(user, item.agency, Role.EDITOR, "修改信息")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "column" in fields:
        _check_column(item.agency, fields["column"])
    with transaction.atomic():
        item = _locked(item)
        _require_state(item, State.DRAFT)
        if expected_version is not None and item.version != expected_version:
            theirs = [name for name, value in fields.items() if getattr(item, name) != value]
            raise EditConflict(item, theirs)
        before = snapshot(item, EDITABLE_FIELDS)
        for name, value in fields.items():
            setattr(item, name, value)
        _check_metadata(item)
        item.version += 1
        item.save()
        record(user, "item.update", item, diff(before, snapshot(item, EDITABLE_FIELDS)))
    return item


def add_attachment(user, item: InformationItem, name: str, data: bytes) -> Attachment:
    """Check and store an uploaded file on a draft; its text is extracted for the privacy scan and search.

    A file whose text cannot be read is kept, with the reason, as a finding the reviewer must resolve; a file
    that would exceed the extraction limits (a zip bomb) is refused."""
    _require(user, item.agency, Role.EDITOR, "上传附件")
    content_type = attachments.check_upload(name, data[:64], len(data))
    try:
        text, reason = attachments.extract_text(name, data), ""
    except attachments.Unreadable as exc:
        text, reason = None, str(exc)
    with transaction.atomic():
        item = _locked(item)
        _require_state(item, State.DRAFT)
        attachment = Attachment(
            item=item,
            original_name=name[:255],
            content_type=content_type,
            size=len(data),
            extracted_text=text or "",
            text_extracted=text is not None,
            unreadable_reason=reason[:200],
            uploaded_by=user,
        )
        attachment.file.save(_storage_name(name), ContentFile(data), save=False)
        attachment.save()
        details = {"file": name, "size": len(data), "type": content_type}
        record(user, "attachment.add", item, {**details, "unreadable": reason} if reason else details)
    return attachment


def _storage_name(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    return f"{timezone.now():%Y%m%d%H%M%S%f}{suffix}"


def remove_attachment(user, attachment: Attachment) -> None:
    """Editors remove attachments from drafts; reviewers may remove one that fails the privacy review."""
    item = attachment.item
    if not (
        permissions.has_role(user, item.agency, Role.EDITOR)
        or permissions.has_role(user, item.agency, Role.REVIEWER)
    ):
        raise PermissionDenied("您没有删除该附件的权限。")
    with transaction.atomic():
        item = _locked(item)
        _require_state(item, State.DRAFT, State.IN_REVIEW)
        record(user, "attachment.remove", item, {"file": attachment.original_name})
        attachment.delete()
    attachment.file.delete(save=False)


# Privacy review ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourcedHit:
    """A scan hit and where it was found: a field name, "attachment:<id>" (its text) or
    "attachment-name:<id>"."""

    source: str
    source_label: str
    hit: privacy.Hit


def scanned_fields(item: InformationItem) -> list[tuple[str, str, str]]:
    """(field, label, text) of every free-text field that reaches the portal, the API or search."""
    fields = []
    for name in EDITABLE_FIELDS:
        field = InformationItem._meta.get_field(name)
        if isinstance(field, CharField | TextField) and not field.choices:
            fields.append((name, str(field.verbose_name), getattr(item, name) or ""))
    return fields


def scan_texts(texts: list[tuple[str, str, str]]) -> list[SourcedHit]:
    """The same scan for text that is not (yet) an item, such as an annual report's prose: (source, label,
    text) triples in, findings out."""
    return [SourcedHit(source, label, h) for source, label, text in texts for h in privacy.scan(text)]


def describe(hits: list[SourcedHit], limit: int = 3) -> str:
    """A short Chinese account of findings for an error message: where, what, and the text found."""
    listed = "；".join(f"{h.source_label}中的{h.hit.label}“{h.hit.text}”" for h in hits[:limit])
    more = f"等{len(hits)}处" if len(hits) > limit else ""
    return f"{listed}{more}"


def scan_item(item: InformationItem) -> list[SourcedHit]:
    """Everything that will be published: the fields, each attachment's file name and text; an attachment
    whose text could not be read is itself a finding."""
    found = scan_texts(scanned_fields(item))
    for att in item.attachments.all():
        label = f"附件“{att.original_name}”"
        found += [
            SourcedHit(f"attachment-name:{att.pk}", f"{label}的文件名", h)
            for h in privacy.scan(att.original_name)
        ]
        if not att.text_extracted:
            reason = att.unreadable_reason or "未能提取该附件的文字"
            found.append(
                SourcedHit(f"attachment:{att.pk}", label, privacy.Hit("unscanned", 0, 0, reason, str(att.pk)))
            )
        found += [SourcedHit(f"attachment:{att.pk}", label, h) for h in privacy.scan(att.extracted_text)]
    return found


def content_digest(item: InformationItem) -> str:
    """SHA-256 over everything the review looked at, to notice a change between review and sign-off."""
    digest = hashlib.sha256()
    for name, _, text in scanned_fields(item):
        digest.update(f"{name}\0{text}\0".encode())
    for att in item.attachments.all():
        digest.update(f"{att.pk}\0{att.original_name}\0{att.size}\0{att.file.name}\0".encode())
    return digest.hexdigest()


def unresolved_hits(item: InformationItem) -> list[SourcedHit]:
    """Hits not covered by a recorded override: these block the item from going to sign-off."""
    covered = set()
    for override in item.privacy_overrides.all():
        covered.update(override.fingerprints)
    return [h for h in scan_item(item) if h.hit.fingerprint not in covered]


def redact(user, item: InformationItem, fingerprints: list[str] | None = None) -> InformationItem:
    """Mask the given hits (all when None) in the item's own text fields. Attachments cannot be edited here:
    the reviewer removes the attachment or overrides."""
    _require(user, item.agency, Role.REVIEWER, "审核信息")
    with transaction.atomic():
        item = _locked(item)
        _require_state(item, State.IN_REVIEW)
        changed = {}
        for field, _, text in scanned_fields(item):
            hits = [h for h in privacy.scan(text) if fingerprints is None or h.fingerprint in fingerprints]
            if hits:
                setattr(item, field, privacy.redact(text, hits))
                changed[field] = [h.label for h in hits]
        if changed:
            item.version += 1
            item.save()
            record(user, "item.redact", item, changed)
    return item


def override_privacy(user, item: InformationItem, reason: str) -> PrivacyOverride:
    """Release the current hits for publication, with the reviewer's reason kept on record."""
    _require(user, item.agency, Role.REVIEWER, "审核信息")
    reason = reason.strip()
    if len(reason) < 4:
        raise WorkflowError("放行须填写理由（至少4个字）。")
    with transaction.atomic():
        item = _locked(item)
        _require_state(item, State.IN_REVIEW)
        fingerprints = sorted({h.hit.fingerprint for h in scan_item(item)})
        if not fingerprints:
            raise WorkflowError("保密审查未发现问题，无需放行。")
        override = PrivacyOverride.objects.create(
            item=item, user=user, reason=reason, fingerprints=fingerprints
        )
        record(user, "item.privacy_override", item, {"reason": reason, "hits": fingerprints})
    return override


# Transitions ------------------------------------------------------------------------------------------------


def submit_for_review(user, item: InformationItem, comment: str = "") -> InformationItem:
    _require(user, item.agency, Role.EDITOR, "提交审核")
    with transaction.atomic():
        item = _locked(item)
        _require_state(item, State.DRAFT)
        if not item.title.strip():
            raise WorkflowError("标题不能为空。")
        if item.secrecy == Secrecy.SECRET:
            raise WorkflowError("该信息经保密审查认定涉密，不能公开。")
        _move(item, user, "submit", State.IN_REVIEW, comment)
    return item


def approve_review(user, item: InformationItem, comment: str = "") -> InformationItem:
    """The reviewer passes the item to sign-off; refused while the privacy scan has unresolved hits."""
    _require(user, item.agency, Role.REVIEWER, "审核信息")
    with transaction.atomic():
        item = _locked(item)
        _require_state(item, State.IN_REVIEW)
        _require_separation(user, item, "审核")
        blocking = unresolved_hits(item)
        if blocking:
            kinds = "、".join(sorted({h.hit.label for h in blocking}))
            raise WorkflowError(
                f"保密审查发现{len(blocking)}处疑似{kinds}，请先处理（遮盖、删除附件或填写理由放行）。"
            )
        item.reviewed_digest = content_digest(item)
        item.secrecy = Secrecy.NOT_SECRET
        _move(item, user, "approve", State.AWAITING_SIGNOFF, comment)
    return item


def classify_secret(user, item: InformationItem, reason: str) -> InformationItem:
    """The 保密审查 finds the item classified (条例第十四条, 第十七条): it is marked 涉密 and 不予公开 and goes back to
    its editor; it can no longer be published."""
    _require(user, item.agency, Role.REVIEWER, "审核信息")
    reason = reason.strip()
    if len(reason) < 4:
        raise WorkflowError("认定涉密须填写理由（至少4个字）。")
    with transaction.atomic():
        item = _locked(item)
        _require_state(item, State.IN_REVIEW)
        item.secrecy = Secrecy.SECRET
        item.disclosure = Disclosure.WITHHELD
        item.disclosure_reason = f"经保密审查认定涉密：{reason}"[:200]
        _move(item, user, "classify_secret", State.DRAFT, reason)
    return item


def return_to_draft(user, item: InformationItem, comment: str) -> InformationItem:
    """A reviewer (in review) or signer (awaiting sign-off) sends the item back to its editor."""
    role = Role.REVIEWER if item.state == State.IN_REVIEW else Role.SIGNER
    _require(user, item.agency, role, "退回信息")
    if not comment.strip():
        raise WorkflowError("退回须说明理由。")
    with transaction.atomic():
        item = _locked(item)
        _require_state(item, State.IN_REVIEW, State.AWAITING_SIGNOFF)
        _move(item, user, "return", State.DRAFT, comment)
    return item


def sign_off(user, item: InformationItem, comment: str = "") -> InformationItem:
    """The 签批 step: the leader's approval publishes the item. Content changed since the review (by any
    path) sends the item back to review instead: what is signed is what was reviewed."""
    _require(user, item.agency, Role.SIGNER, "签批")
    with transaction.atomic():
        item = _locked(item)
        _require_state(item, State.AWAITING_SIGNOFF)
        _require_separation(user, item, "签批")
        if item.disclosure == Disclosure.WITHHELD:
            raise WorkflowError("公开属性为不予公开的信息不能发布；如应公开，请退回修改公开属性。")
        changed = item.reviewed_digest != content_digest(item)
        if changed:
            _move(item, None, "changed_after_review", State.IN_REVIEW, "审核后内容发生变化，自动退回重新审核")
        elif unresolved_hits(item):
            raise WorkflowError("保密审查有未处理的问题，请退回重新审核。")
        else:
            publish(user, item, comment)
    if changed:
        raise WorkflowError("内容在审核通过后发生了变化，已自动退回重新审核，审核通过后才能签批。")
    return item


def publish(user, item: InformationItem, comment: str = "", on: date | None = None) -> InformationItem:
    """Give the item its 索引号 and 发布日期 and make it public; then tell the hooks (search index and the
    like).

    Called by sign_off inside its transaction; also the one place a data import publishes through."""
    if not transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return publish(user, item, comment, on)
    published_on = on or timezone.localdate()
    index_numbers.assign(item, published_on)
    item.published_on = published_on
    _move(item, user, "publish", State.PUBLISHED, comment)
    hooks.notify("published", item)
    return item


def withdraw(user, item: InformationItem, reason: str) -> InformationItem:
    """Take a published item off the portal. Its 索引号 stays allocated to it; history is kept."""
    _require(user, item.agency, Role.SIGNER, "撤回信息")
    if not reason.strip():
        raise WorkflowError("撤回须说明理由。")
    with transaction.atomic():
        item = _locked(item)
        _require_state(item, State.PUBLISHED)
        _move(item, user, "withdraw", State.WITHDRAWN, reason)
        hooks.notify("withdrawn", item)
    return item


def change_validity(user, item: InformationItem, validity: str, effective_on: date, reason: str = ""):
    """Record that a published item became 失效 or 废止 (or valid again) on `effective_on`."""
    if not (
        permissions.has_role(user, item.agency, Role.REVIEWER)
        or permissions.has_role(user, item.agency, Role.SIGNER)
    ):
        raise PermissionDenied(f"您没有在“{item.agency.name}”变更有效性的权限。")
    if validity not in Validity.values:
        raise ValidationError("无效的有效性取值。")
    with transaction.atomic():
        item = _locked(item)
        _require_state(item, State.PUBLISHED)
        if item.validity == validity:
            raise WorkflowError(f"该信息已是“{item.get_validity_display()}”。")
        if item.written_on and effective_on < item.written_on:
            raise WorkflowError("变更日期不能早于成文日期。")
        if validity == Validity.REPEALED and item.effective_on and effective_on < item.effective_on:
            raise WorkflowError("废止日期不能早于生效日期。")
        ValidityChange.objects.create(
            item=item, user=user, old=item.validity, new=validity, effective_on=effective_on, reason=reason
        )
        record(user, "item.validity", item, {"validity": [item.validity, validity], "on": effective_on})
        item.validity = validity
        item.validity_changed_on = effective_on
        if validity == Validity.REPEALED:
            item.repealed_on = effective_on
        elif validity == Validity.VALID:
            item.repealed_on = None
        item.save()
        hooks.notify("validity_changed", item)
    return item


# Reading ----------------------------------------------------------------------------------------------------


def items_visible_to(user):
    """Every item the user may read: all published items, plus unpublished ones of agencies they may read."""
    agencies = permissions.readable_agencies(user)
    return InformationItem.objects.filter(agency__in=agencies) | InformationItem.objects.filter(
        state=State.PUBLISHED
    )


def can_view(user, item: InformationItem) -> bool:
    return item.state == State.PUBLISHED or permissions.can_read(user, item.agency)


def allowed_actions(user, item: InformationItem) -> set[str]:
    roles = permissions.roles_in(user, item.agency)
    actions = set()
    if item.state == State.DRAFT and Role.EDITOR in roles:
        actions |= {"edit", "attach", "submit"}
    separated = is_separated(user, item)
    if item.state == State.IN_REVIEW and Role.REVIEWER in roles:
        actions |= {"review", "return"} | (set() if separated else {"approve"})
    if item.state == State.AWAITING_SIGNOFF and Role.SIGNER in roles:
        actions |= {"return"} | (set() if separated else {"sign"})
    if item.state == State.PUBLISHED and Role.SIGNER in roles:
        actions.add("withdraw")
    if item.state == State.PUBLISHED and roles & {Role.REVIEWER, Role.SIGNER}:
        actions.add("validity")
    return actions
