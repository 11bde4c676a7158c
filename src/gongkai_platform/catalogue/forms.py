from django import forms
from django.db.models import Q

from gongkai_platform.agencies.models import Agency
from gongkai_platform.catalogue import deliveries, standard_columns
from gongkai_platform.catalogue.models import (
    Channel,
    Column,
    Deliverable,
    Delivery,
    Genre,
    InformationItem,
    Recipient,
    Topic,
    Validity,
)
from gongkai_platform.catalogue.services import EDITABLE_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"


class ItemForm(forms.ModelForm):
    """The drafting form. The agency is chosen by the view (from the editor's memberships), never posted. The
    hidden version is the one the form was opened at, so a save over someone else's later save is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    channels = forms.MultipleChoiceField(
        label="公开方式",
        choices=Channel.choices,
        initial=[Channel.WEBSITE],
        widget=forms.CheckboxSelectMultiple,
        help_text="条例第二十三条",
    )

    class Meta:
        model = InformationItem
        fields = EDITABLE_FIELDS
        widgets = {
            "written_on": DateInput(format="%Y-%m-%d"),
            "effective_on": DateInput(format="%Y-%m-%d"),
            "repealed_on": DateInput(format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 2, "maxlength": 100}),
            "body": forms.Textarea(attrs={"rows": 16}),
        }

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = (
            Column.objects.filter(Q(agency=None) | Q(agency=agency))
            .exclude(**standard_columns.visible_to(agency))
            .select_related("parent")
        )
        for name, model in (("topic", Topic), ("genre", Genre)):
            current = getattr(self.instance, f"{name}_id", None)
            self.fields[name].queryset = (
                model.objects.filter(Q(active=True) | Q(pk=current))
                .select_related("parent")
                .order_by("order", "pk")
            )
            self.fields[name].required = True
            self.fields[name].empty_label = "请选择"
        self.fields["written_on"].required = True
        self.fields["written_on"].help_text = "自成文日期起20个工作日内须公开（条例第二十六条）"
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class AgencyChoiceForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=None, label="起草机构", empty_label=None)

    def __init__(self, *args, agencies, label="起草机构", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].label = label

    def chosen(self) -> Agency:
        """The agency asked for, or the first of the user's when none (or one not theirs) was asked for."""
        return self.cleaned_data["agency"] if self.is_valid() else self.fields["agency"].queryset.first()


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件")


class CommentForm(forms.Form):
    comment = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}))


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label="有效性", choices=Validity.choices)
    effective_on = forms.DateField(label="变更日期", widget=DateInput())
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FilterForm(forms.Form):
    q = forms.CharField(
        label="标题包含", required=False, widget=forms.TextInput(attrs={"placeholder": "标题中的字词"})
    )
    state = forms.ChoiceField(label="状态", required=False)
    agency = forms.ModelChoiceField(label="机构", queryset=None, required=False, empty_label="全部")
    topic = forms.ModelChoiceField(
        label="主题分类",
        queryset=Topic.objects.select_related("parent").order_by("order", "pk"),
        required=False,
        empty_label="全部",
        help_text="一级类目含其下级",
    )

    def __init__(self, *args, agencies, **kwargs):
        from gongkai_platform.catalogue.models import State

        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "全部"), *State.choices]
        self.fields["agency"].queryset = agencies


class DeliveryForm(forms.ModelForm):
    class Meta:
        model = Delivery
        fields = deliveries.FIELDS
        widgets = {"delivered_on": DateInput(format="%Y-%m-%d")}


class DeliveryFilterForm(forms.Form):
    what = forms.ChoiceField(label="送交内容", required=False, choices=[("", "全部"), *Deliverable.choices])
    recipient = forms.ChoiceField(
        label="接收场所", required=False, choices=[("", "全部"), *Recipient.choices]
    )


class GuideFieldsForm(forms.ModelForm):
    """The 指南's fields of one agency (条例第十二条)."""

    class Meta:
        model = Agency
        fields = [
            "office_name",
            "address",
            "postcode",
            "office_hours",
            "phone",
            "fax",
            "internet_contact",
            "guide_obtaining",
        ]
        widgets = {"guide_obtaining": forms.Textarea(attrs={"rows": 4})}
