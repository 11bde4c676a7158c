"""The editor's forms: the prose sections 一、五、六, one Table 二 figure kept outside the platform, and the
第五十条（四） results a 人民政府 enters.

They only carry what the user typed (so a refused save shows it again); the services validate and save.
"""

from __future__ import annotations

from django import forms
from gongkai.standard.formats import FORMATS

from gongkai_platform.annual_reports.drafting import RESULT_FIELDS
from gongkai_platform.annual_reports.models import MANUAL_CELLS, AnnualReport

MAX_PROSE_CHARS = 20000


def char_count(text: str) -> int:
    """Characters without whitespace, as a word processor's 字数 counts Chinese text (editor.js counts alike)."""
    return len("".join((text or "").split()))


def _within_limit(text: str) -> None:
    if (n := char_count(text)) > MAX_PROSE_CHARS:
        raise forms.ValidationError(f"本部分不能超过{MAX_PROSE_CHARS}字，现为{n}字。")


class ProseForm(forms.Form):
    def __init__(self, *args, report: AnnualReport, readonly: bool = False, **kwargs):
        kwargs.setdefault("initial", {f"prose{n}": text for n, text in report.prose.items()})
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        for number in report.prose:
            name = f"prose{number}"
            self.fields[name] = forms.CharField(
                label=AnnualReport._meta.get_field(name).verbose_name,
                required=False,
                strip=False,
                validators=[_within_limit],
                widget=forms.Textarea(
                    attrs={
                        "rows": 14 if number == 1 else 8,
                        "class": "prose-editor",
                        "data-max": MAX_PROSE_CHARS,
                        "placeholder": "请输入本部分内容",
                        "readonly": readonly,
                    }
                ),
            )

    def editors(self):
        """(field, its 字数 now) for each section, in order."""
        return [(field, char_count(field.value())) for field in self]

    def prose(self) -> dict[int, str]:
        return {int(name.removeprefix("prose")): text for name, text in self.cleaned_data.items()}


class ManualFigureForm(forms.Form):
    cell = forms.ChoiceField(label="指标")
    value = forms.CharField(
        label="数值",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "如 12 或 3.25"}),
    )
    note = forms.CharField(label="数据来源", required=False, max_length=200)

    def __init__(self, *args, format_id: str, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        fmt = FORMATS[format_id]
        self.fields["cell"].choices = [(c, fmt.by_id[c].label) for c in MANUAL_CELLS[format_id]]


class GovernmentResultsForm(forms.ModelForm):
    """条例 第五十条第（四）项: 工作考核、社会评议和责任追究结果 on a 人民政府's report."""

    class Meta:
        model = AnnualReport
        fields = list(RESULT_FIELDS)
