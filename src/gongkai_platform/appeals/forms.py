"""The form of a case entered in the register itself: about proactive disclosure, other work, or an application
older than the platform (cases about an application on the platform are registered on its page)."""

from django import forms

from gongkai_platform.agencies.models import Agency
from gongkai_platform.appeals.models import Appeal, Subject

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class CaseForm(forms.ModelForm):
    agency = forms.ModelChoiceField(Agency.objects.none(), label="被申请人（被告）")

    class Meta:
        model = Appeal
        fields = ["agency", "subject", "matter", "group", "case_number", "organ", "filed_on", "note"]
        widgets = {
            "filed_on": DATE,
            "matter": forms.TextInput(attrs={"maxlength": 300}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"subject": "平台上办理的申请，请在该申请的办理页面登记"}

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        if agencies.count() == 1:
            self.fields["agency"].initial = agencies.first()
        self.fields["matter"].required = True
        self.fields["subject"].initial = Subject.PROACTIVE

    def clean(self):
        # the model's clean needs the agency on the instance before ModelForm validation runs it
        self.instance.agency = self.cleaned_data.get("agency") or self.instance.agency
        return super().clean()


class ResultForm(forms.Form):
    result = forms.ChoiceField(label="结果", choices=Appeal._meta.get_field("result").choices)
    on = forms.DateField(label="审结日期", widget=DATE)
