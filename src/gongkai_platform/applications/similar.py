"""Finding applications that ask for similar information (第四十四条: information requested by several
applicants may be moved into proactive disclosure). Similarity is the Jaccard index of character bigrams,
which needs no word segmentation for Chinese."""

import re

_NOISE = re.compile(r"[\s，。、；：“”‘’（）()《》,.;:!?！？\-]+")
THRESHOLD = 0.4


def bigrams(text: str) -> set[str]:
    t = _NOISE.sub("", text)
    return {t[i : i + 2] for i in range(len(t) - 1)} or ({t} if t else set())


def similarity(a: str, b: str) -> float:
    x, y = bigrams(a), bigrams(b)
    return len(x & y) / len(x | y) if x and y else 0.0


def similar(description: str, candidates, threshold: float = THRESHOLD) -> list[tuple[float, object]]:
    """(score, candidate) for candidates whose `.description` is similar enough, best first."""
    scored = [(similarity(description, c.description), c) for c in candidates]
    return sorted(((s, c) for s, c in scored if s >= threshold), key=lambda sc: -sc[0])
