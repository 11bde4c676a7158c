from django import forms

from gongkai_platform.supervision.models import Notice


class NoticeForm(forms.ModelForm):
    class Meta:
        model = Notice
        fields = ["topic", "subject", "text", "due_on"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 8}),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"due_on": "被督办机构须在此日期前办结并答复", "text": "写明问题、依据和需要办理的事项"}


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label="办理情况",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "写明已采取的措施和办理结果"}),
        help_text="答复后督办即办结，答复内容记入审计日志，公开办可以查看",
    )
