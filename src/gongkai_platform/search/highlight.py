"""Mark the query's terms in a title and in a short snippet of the text, escaping everything else."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET_CHARS = 120


def _pattern(terms: list[str]) -> re.Pattern | None:
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE) if terms else None


def mark(text: str, terms: list[str]) -> SafeString:
    """`text` as HTML with every occurrence of a term wrapped in <mark>."""
    pattern = _pattern(terms)
    if pattern is None:
        return mark_safe(escape(text))
    out, last = [], 0
    for m in pattern.finditer(text):
        out += [escape(text[last : m.start()]), "<mark>", escape(m.group()), "</mark>"]
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def snippet(texts: list[str], terms: list[str], size: int = SNIPPET_CHARS) -> SafeString:
    """A window of about `size` characters around the first hit in the first text that has one (or the start
    of the first non-empty text), highlighted."""
    pattern = _pattern(terms)
    texts = [" ".join(t.split()) for t in texts if t and t.strip()]
    for text in texts:
        m = pattern.search(text) if pattern else None
        if m:
            start = max(0, m.start() - size // 3)
            end = min(len(text), start + size)
            piece = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
            return mark(piece, terms)
    if not texts:
        return mark_safe("")
    text = texts[0]
    return mark(text[:size] + ("…" if len(text) > size else ""), terms)
