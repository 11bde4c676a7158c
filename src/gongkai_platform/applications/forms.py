"""Forms: the public application (第二十九条 contents), clerk registration, and each clerk action."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai_platform.agencies.models import Agency
from gongkai_platform.appeals.models import Appeal, Result
from gongkai_platform.applications import fees, personal
from gongkai_platform.applications.models import (
    Application,
    Channel,
    DeliveryMethod,
)
from gongkai_platform.applications.outcomes import NATURAL, OUTCOMES
from gongkai_platform.catalogue.attachments import check_upload

ID_PROOF_TYPES = (".pdf", ".jpg", ".jpeg", ".png")
ID_PROOF_MAX_BYTES = 5 * 1024 * 1024

DATE = forms.DateInput(attrs={"type": "date"})


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
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

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


class ConsultationForm(StepForm):
    party = forms.CharField(label="被征求意见的第三方或机关", max_length=100)


class ExtensionForm(StepForm):
    workdays = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, initial=20)
    reason = forms.CharField(label="延期理由", max_length=1000)


class FeeNoticeForm(StepForm):
    method = forms.ChoiceField(
        label="计费方式", choices=[(m.value, fees.METHOD_LABELS[m]) for m in fees.Method]
    )
    pages = forms.IntegerField(label="页数（按量计收时填写）", required=False, min_value=1, max_value=100000)
    received_on = forms.DateField(label="申请人收到通知日期", required=False, widget=DATE)


class CloseForm(StepForm):
    outcome = forms.ChoiceField(
        label="办理结果", choices=[("", "请选择")] + [(k, o.title) for k, o in OUTCOMES.items()]
    )
    notes = forms.CharField(
        label="答复补充说明（部分公开须写明不予公开部分的理由）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class AppealForm(forms.ModelForm):
    class Meta:
        model = Appeal
        fields = ["group", "case_number", "organ", "filed_on"]
        widgets = {"filed_on": DATE}


class AppealResultForm(forms.Form):
    result = forms.ChoiceField(label="结果", choices=Result.choices)
    on = forms.DateField(label="审结日期", widget=DATE)
