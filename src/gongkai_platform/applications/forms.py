"""Forms: the public application (第二十九条 contents), clerk registration, and each clerk action."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai_platform.agencies.models import Agency
from gongkai_platform.appeals.models import Appeal, Result
from gongkai_platform.applications import fees, personal
from gongkai_platform.applications.models import (
    WITHHELD_BASES,
    ApplicantKind,
    Application,
    CaseState,
    Channel,
    DeliveryMethod,
    NotHeldGround,
    Outcome,
)
from gongkai_platform.applications.outcomes import NATURAL, OUTCOMES
from gongkai_platform.applications.register import SHOWS
from gongkai_platform.catalogue.attachments import check_upload

ID_PROOF_TYPES = (".pdf", ".jpg", ".jpeg", ".png")
ID_PROOF_MAX_BYTES = 5 * 1024 * 1024

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})

# Length limits of the public form's free text (issue 10 §3): generous for a real request, far below what
# would make every page and letter of the case slow.
LIMITS = {
    "applicant_name": 100,
    "id_number": 30,
    "contact_person": 50,
    "phone": 30,
    "email": 254,
    "address": 200,
    "description": 2000,
    "document_number": 100,
}


class LengthLimit:
    """A length check whose message names the field and both lengths, in Chinese."""

    def __init__(self, limit: int, label: str):
        self.limit, self.label = limit, label

    def __call__(self, value):
        if value and len(value) > self.limit:
            raise ValidationError(
                f"“{self.label}”最多{self.limit}个字，您填写了{len(value)}个字，请精简后再提交。",
                code="max_length",
            )

    def __eq__(self, other):
        return isinstance(other, LengthLimit) and (self.limit, self.label) == (other.limit, other.label)


class ApplicationForm(forms.ModelForm):
    """What 第二十九条第二款 requires: who (name, identity, contact), what (name, 文号 or description), how."""

    website = forms.CharField(
        required=False,
        label="",
        widget=forms.TextInput(attrs={"class": "hp", "tabindex": "-1", "autocomplete": "off"}),
    )
    agency = forms.ModelChoiceField(Agency.objects.all(), label="受理机关", empty_label="请选择")

    class Meta:
        model = Application
        fields = [
            "agency",
            "applicant_kind",
            "applicant_name",
            "id_number",
            "contact_person",
            "phone",
            "email",
            "address",
            "description",
            "document_number",
            "delivery_form",
            "delivery_method",
            "id_proof",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5, "maxlength": LIMITS["description"]})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in LIMITS.items():
            field = self.fields[name]
            field.max_length = limit
            field.validators.append(LengthLimit(limit, field.label))
            field.widget.attrs["maxlength"] = limit

    def clean_website(self):
        """A field people never see: a bot that fills it in is refused."""
        if self.cleaned_data.get("website"):
            self.add_error(None, "提交被拒绝。")
        return ""

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        if len(text) < 5:
            raise ValidationError(
                "请具体描述所需政府信息的名称、文号或者便于查询的其他特征性描述（至少5个字）。"
            )
        return text

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip().replace(" ", "")
        if error := personal.phone_error(phone):
            raise ValidationError(error)
        return phone

    def clean_id_proof(self):
        f = self.cleaned_data.get("id_proof")
        if not f or not hasattr(f, "read"):
            return f
        if not f.name.lower().endswith(ID_PROOF_TYPES):
            raise ValidationError("身份证明只接受 PDF、JPG 或 PNG 文件。")
        if f.size > ID_PROOF_MAX_BYTES:
            raise ValidationError("身份证明文件不能超过5MB。")
        head = f.read(16)
        f.seek(0)
        check_upload(f.name, head, f.size)
        return f

    def clean(self):
        data = super().clean()
        kind, number = data.get("applicant_kind"), (data.get("id_number") or "").strip().upper()
        if kind and number:
            error = personal.id_card_error(number) if kind == NATURAL else personal.uscc_error(number)
            if error:
                self.add_error("id_number", error)
            data["id_number"] = number
        if kind and kind != NATURAL and not (data.get("contact_person") or "").strip():
            self.add_error("contact_person", "法人或其他组织申请的，请填写联系人。")
        method = data.get("delivery_method")
        if method == DeliveryMethod.EMAIL and not data.get("email"):
            self.add_error("email", "选择电子邮件方式获取信息的，请填写电子邮箱。")
        if method == DeliveryMethod.POST and not (data.get("address") or "").strip():
            self.add_error("address", "选择邮寄方式获取信息的，请填写通信地址。")
        return data


class RegisterForm(ApplicationForm):
    """A clerk registers a counter, post, fax, e-mail or oral application with its Art. 31 receipt date."""

    channel = forms.ChoiceField(
        label="提交渠道", choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    received_on = forms.DateField(label="收到申请之日", widget=DATE)
    pieces = forms.IntegerField(label="件数", min_value=1, max_value=500, initial=1)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = timezone.localdate()
        if agencies is not None:
            self.fields["agency"].queryset = agencies

    def clean_received_on(self):
        d = self.cleaned_data["received_on"]
        if d > timezone.localdate():
            raise ValidationError("收到申请之日不能晚于今天。")
        return d


class StepForm(forms.Form):
    on = forms.DateField(label="日期", widget=DATE)

    def clean_on(self):
        d = self.cleaned_data["on"]
        if d > timezone.localdate():
            raise ValidationError("日期不能晚于今天。")
        return d


class CorrectionForm(StepForm):
    period = forms.IntegerField(label="补正期限（工作日）", min_value=1, max_value=60, initial=15)
    note = forms.CharField(
        label="需要补正的事项（一次性告知）", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class NoteForm(StepForm):
    note = forms.CharField(label="说明", required=False, max_length=2000)


class ConfirmForm(NoteForm):
    on = forms.DateField(label="确认收到之日（双方确认之日）", widget=DATE)


class ConsultationForm(StepForm):
    party = forms.CharField(label="被征求意见的第三方或机关", max_length=100)
    received_on = forms.DateField(
        label="对方收到征求意见函之日（不填则按发函之日计算15个工作日）", required=False, widget=DATE
    )


class ConsultationEndForm(StepForm):
    party = forms.CharField(label="被征求意见的第三方或机关", max_length=100)
    note = forms.CharField(
        label="意见摘要", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtensionForm(StepForm):
    workdays = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, initial=20)
    reason = forms.CharField(label="延期理由", max_length=1000)


class ReasonsForm(StepForm):
    note = forms.CharField(
        label="申请数量、频次明显超过合理范围的情况",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonsReceivedForm(StepForm):
    note = forms.CharField(
        label="申请人说明的理由（摘要）", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeferForm(StepForm):
    until = forms.DateField(label="延迟答复的期限", widget=DATE)
    note = forms.CharField(label="说明", required=False, max_length=1000)


class ForwardForm(StepForm):
    to = forms.ModelChoiceField(Agency.objects.none(), label="负责公开该信息的机关", empty_label="请选择机关")
    note = forms.CharField(label="转办说明", required=False, max_length=1000)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Agency.objects.all()
        self.fields["to"].queryset = qs.exclude(pk=agency.pk) if agency is not None else qs


class AttachForm(forms.Form):
    upload = forms.FileField(label="上传提供的政府信息（PDF、Word、图片等）", required=False)
    index_number = forms.CharField(label="或：已主动公开信息的索引号", required=False, max_length=100)
    title = forms.CharField(label="名称", required=False, max_length=200)
    redacted = forms.CharField(label="区分处理说明（遮盖了哪些内容）", required=False, max_length=500)


class FeeNoticeForm(StepForm):
    method = forms.ChoiceField(
        label="计费方式", choices=[(m.value, fees.METHOD_LABELS[m]) for m in fees.Method]
    )
    pages = forms.IntegerField(label="页数（按量计收时填写）", required=False, min_value=1, max_value=100000)
    received_on = forms.DateField(label="申请人收到通知日期", required=False, widget=DATE)


CLOSING_OUTCOMES = [
    (k, o.title) for k, o in OUTCOMES.items() if k not in ("other.no_correction", "other.no_fee_paid")
]


class CloseForm(StepForm):
    outcome = forms.ChoiceField(label="办理结果", choices=[("", "请选择办理结果"), *CLOSING_OUTCOMES])
    not_held_ground = forms.ChoiceField(
        label="不掌握的情形",
        required=False,
        choices=[("", "请选择（本机关不掌握时）"), *NotHeldGround.choices],
    )
    responsible_organ = forms.CharField(
        label="负责公开该信息的机关（第三十六条第（五）项）", required=False, max_length=150
    )
    responsible_contact = forms.CharField(label="该机关的联系方式", required=False, max_length=200)
    withheld_parts = forms.CharField(
        label="不予公开的部分（部分公开时）",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    withheld_basis = forms.ChoiceField(
        label="不予公开部分的理由", required=False, choices=[("", "请选择（部分公开时）"), *WITHHELD_BASES]
    )
    notes = forms.CharField(
        label="答复补充说明", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class AbandonForm(StepForm):
    notes = forms.CharField(label="说明", required=False, max_length=2000)


class CorrectionAnswerForm(forms.Form):
    """The applicant's online answer to a 补正 notice (tracking page)."""

    text = forms.CharField(
        label="补正内容",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 3000}),
    )
    files = forms.FileField(label="补正材料（可选，最多5个，每个不超过10MB）", required=False)


class AppealForm(forms.ModelForm):
    class Meta:
        model = Appeal
        fields = ["group", "case_number", "organ", "filed_on"]
        widgets = {"filed_on": DATE}


class AppealResultForm(forms.Form):
    result = forms.ChoiceField(label="结果", choices=Result.choices)
    on = forms.DateField(label="审结日期", widget=DATE)


class CaseFilterForm(forms.Form):
    """The case list's filters (GET); every field optional."""

    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "登记编号、查询码、申请人或申请内容", "type": "search"}),
    )
    agency = forms.ModelChoiceField(
        Agency.objects.none(), label="机关", required=False, empty_label="全部机关"
    )
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *CaseState.choices])
    channel = forms.ChoiceField(label="渠道", required=False, choices=[("", "全部渠道"), *Channel.choices])
    applicant_kind = forms.ChoiceField(
        label="申请人类型", required=False, choices=[("", "全部类型"), *ApplicantKind.choices]
    )
    outcome = forms.ChoiceField(
        label="办理结果", required=False, choices=[("", "全部结果"), *Outcome.choices]
    )
    due_from = forms.DateField(label="答复期限自", required=False, widget=DATE)
    due_to = forms.DateField(label="答复期限至", required=False, widget=DATE)
    received_from = forms.DateField(label="收到申请自", required=False, widget=DATE)
    received_to = forms.DateField(label="收到申请至", required=False, widget=DATE)
    show = forms.ChoiceField(
        required=False, choices=[("", "")] + [(k, v) for k, v in SHOWS.items()], widget=forms.HiddenInput
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies
