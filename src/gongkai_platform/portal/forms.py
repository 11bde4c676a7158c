from django import forms

from gongkai_platform.catalogue.models import Column, Topic, Validity
from gongkai_platform.search.services import RELEVANCE, SORTS
from gongkai_platform.search.text import MAX_QUERY_CHARS

YEAR_CHOICES_SPAN = 30


class SearchForm(forms.Form):
    """The public search form; the agency choice is limited to the site's agencies."""

    q = forms.CharField(label="关键词", required=False, max_length=MAX_QUERY_CHARS, strip=True)
    agency = forms.ModelChoiceField(
        label="发布机构", queryset=None, required=False, empty_label="全部机构", to_field_name="slug"
    )
    column = forms.ModelChoiceField(
        label="栏目",
        queryset=Column.objects.filter(agency=None),
        required=False,
        empty_label="全部栏目",
        to_field_name="slug",
    )
    topic = forms.ModelChoiceField(
        label="主题分类",
        queryset=Topic.objects.filter(active=True).select_related("parent").order_by("order", "pk"),
        required=False,
        empty_label="全部主题",
    )
    year = forms.TypedChoiceField(label="发布年份", required=False, coerce=int, empty_value=None, choices=[])
    validity = forms.ChoiceField(label="有效性", required=False, choices=[("", "全部"), *Validity.choices])
    sort = forms.ChoiceField(
        label="排序", required=False, choices=list(SORTS.items()), widget=forms.HiddenInput
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    FILTERS = ("agency", "column", "topic", "year", "validity")

    def clean_sort(self):
        """相关度 unless the user chose 时间: what a search box is expected to do."""
        return self.cleaned_data["sort"] or RELEVANCE

    def filter_fields(self):
        return [self[name] for name in self.FILTERS]

    def chosen_filters(self) -> int:
        """How many filters the request sets (shown on the folded 筛选 toggle)."""
        return sum(1 for name in self.FILTERS if self.data.get(name))

    def __init__(self, *args, agencies, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["year"].choices = [("", "全部年份")] + [(y, f"{y}年") for y in years]
