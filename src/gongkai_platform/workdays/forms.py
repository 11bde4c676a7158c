from django import forms
from django.utils import timezone

from gongkai_platform.workdays.entry import HOLIDAY, WORKDAY


class YearForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    source = forms.CharField(
        label="来源（通知文号）", max_length=200, required=False, help_text="如：国办发明电〔2026〕7号"
    )
    notice = forms.CharField(
        label="国务院办公厅放假安排通知正文（粘贴后点“解析”）",
        required=False,
        max_length=20000,
        widget=forms.Textarea(
            attrs={"rows": 10, "placeholder": "一、元旦：1月1日（周五）放假，共1天。\n二、春节：…"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year + 1


class DayForm(forms.Form):
    date = forms.DateField(
        label="日期", required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    kind = forms.ChoiceField(label="类型", choices=[(HOLIDAY, "放假"), (WORKDAY, "调休上班")], required=False)
    name = forms.CharField(label="节日", max_length=60, required=False)


DayFormSet = forms.formset_factory(DayForm, extra=5, can_delete=True, max_num=80, validate_max=True)
