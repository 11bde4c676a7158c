"""Embedding a clerk's words in the letters and messages without stray punctuation ("…。，…", "。。")."""

import re

_TRAILING = re.compile(r"[\s。．.，,；;：:！!？?、]+$")


def clause(text: str) -> str:
    """A fragment ready to be embedded in a sentence: trimmed, without closing punctuation."""
    return _TRAILING.sub("", (text or "").strip())


def sentence(text: str) -> str:
    """Text as a sentence of its own, ending in one full stop."""
    body = clause(text)
    return body + "。" if body else ""
