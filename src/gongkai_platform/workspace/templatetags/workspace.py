from django import template

register = template.Library()


@register.filter
def elided_pages(paginator, number):
    """Page numbers around `number` with the first and last, gaps as paginator.ELLIPSIS."""
    return paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)


@register.filter
def get_item(mapping, key):
    """mapping[key], or an empty list when absent (for per-row lookups such as open 督办 by agency)."""
    return mapping.get(key, [])
