"""Cells run together (`规章000`, `…申请数量0 0 0 0 0 00`): every reading of the digits, and the ones the table's
arithmetic allows.

A crawler's flattened page keeps the digits of a row but not always the boundaries between its cells. Each
space-separated group holds one or more whole cells, and no cell but `0` itself starts with a zero, so the digits
admit a finite set of readings. The table's own relations choose among them: a row's 总计 is the sum of its
columns, Table 三's （七）总计 the sum of the outcome rows, 一 + 二 = （七）总计 + 四 in every column, and each group
of Table 四 sums to its 总计. A cell is taken only when every reading that satisfies them gives it the same value;
otherwise it stays blank and the reader says why (`parse.split_ambiguous`, `parse.split_impossible`). Nothing is
guessed.

The search is bounded: a segment with more than `CAP` readings, or a table whose combined readings exceed
`STATES`, is not resolved further, so a pathological run of digits costs milliseconds and yields a finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from .tokens import Kind, Token, make

CAP = 4000  # readings of one segment beyond which it is not enumerated
STATES = 20000  # partial sums a table may carry through the search
NODES = 200000  # search steps one segment may take


@dataclass
class Segment:
    """The value tokens between one label and the next, to be read as `len(cells)` cells."""

    label: str
    cells: tuple[str, ...]
    tokens: tuple[Token, ...]
    sums: tuple[tuple[int, ...], ...] = ()  # positions whose last cell is the sum of the others
    readings: list[tuple[Token | None, ...]] = field(default_factory=list)  # what the digits admit
    feasible: list[tuple[Token | None, ...]] = field(default_factory=list)  # what the arithmetic admits
    raw_count: int = 0  # how many readings the digits alone admit (CAP + 1 when more)

    @property
    def needs_split(self) -> bool:
        return len(self.tokens) != len(self.cells)

    @property
    def digits(self) -> str:
        return " ".join(t.raw for t in self.tokens)


@dataclass
class Outcome:
    """What the search decided for one segment: the cell values it takes, and the cells it leaves blank."""

    values: dict[str, Token | None]
    unresolved: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()  # readings of the unresolved cells, for the finding
    impossible: bool = False
    by_prose: bool = False  # the prose's count took part in the decision
    distrusted: bool = False  # the table breaks its arithmetic elsewhere, so it was not used to choose


Equation = dict[str, int]  # cell id -> coefficient; the sum of coefficient × value is 0


_PARTS = re.compile(
    r"^(?P<sign>[+\-\u2212增减]?)(?P<int>\d+)(?P<tail>(?:\.\d+)?(?:万元|元|件|个|项|条|次)?)$"
)


def _splittable(t: Token) -> bool:
    return t.glued and t.kind is Kind.VALUE and len(_parts(t)[1]) > 1


@lru_cache(maxsize=4096)
def _split_norm(norm: str) -> tuple[str, str, str]:
    m = _PARTS.match(norm)
    return (m["sign"], m["int"], m["tail"]) if m else ("", norm, "")


def _parts(t: Token) -> tuple[str, str, str]:
    """A run's sign (it goes with the first cell), its digits, and its fraction and unit (with the last cell)."""
    return _split_norm(t.norm)


def _digits(t: Token) -> str:
    return _parts(t)[1]


def _lengths(digits: str, offset: int, left: int, later: int) -> range | tuple[int, ...]:
    """Lengths the next cell may take from `digits[offset:]`: `0` stands alone, and when the cells still to fill
    are exactly one per later token, this cell takes the rest of the run."""
    rest = len(digits) - offset
    if digits[offset] == "0":
        return (1,)
    if left - 1 <= later:
        return (rest,)
    return range(1, rest + 1)


# ---------------------------------------------------------------- one segment
def count(tokens: Sequence[Token], k: int) -> int:
    """How many ways the tokens' digits split into exactly k cells (CAP + 1 when more)."""
    memo: dict[tuple[int, int, int], int] = {}

    def ways(i: int, offset: int, left: int) -> int:
        if i == len(tokens):
            return 1 if left == 0 and offset == 0 else 0
        key = (i, offset, left)
        if key in memo:
            return memo[key]
        t = tokens[i]
        total = 0
        if not _splittable(t):
            total = ways(i + 1, 0, left - 1) if left > 0 else 0
        else:
            digits = _digits(t)
            rest = len(digits) - offset
            if left > 0 and rest > 0:
                lengths = _lengths(digits, offset, left, len(tokens) - i - 1)
                for n in lengths:
                    nxt = (i + 1, 0) if n == rest else (i, offset + n)
                    total += ways(*nxt, left - 1)
                    if total > CAP:
                        break
        memo[key] = min(total, CAP + 1)
        return memo[key]

    return ways(0, 0, k)


def readings(segment: Segment) -> Iterator[tuple[Token | None, ...]]:
    """Every split of the segment's digits into its cells that satisfies the segment's own sums.

    A row whose last cell is the sum of the others (Table 三's 总计) is searched total first: each way of
    taking the row's last digits as the total leaves a prefix whose cells must add up to it, which bounds every
    cell by what is left of the total, so a long run of digits costs little."""
    tokens, k = segment.tokens, len(segment.cells)
    final = next((b for b in segment.sums if b[-1] == k - 1), None)
    steps = [0]
    if final is None or not tokens or any(t.kind is Kind.BLANK for t in tokens):
        yield from _walk(tokens, k, segment.sums, None, steps)
        return
    others = tuple(b for b in segment.sums if b is not final)
    last = tokens[-1]
    if not _splittable(last):
        for r in _walk(tokens[:-1], k - 1, others, (final[:-1], last.value), steps):
            yield (*r, last)
        return
    sign, digits, tail = _parts(last)
    for start in range(len(digits) - 1, -1, -1):
        piece = digits[start:]
        if len(piece) > 1 and piece[0] == "0":
            continue
        total = make((sign if start == 0 else "") + piece + tail, last.row)
        prefix = tokens[:-1]
        if start:
            rest = make(sign + digits[:start], last.row)
            rest.glued = True
            prefix = (*prefix, rest)
        for r in _walk(prefix, k - 1, others, (final[:-1], total.value), steps):
            yield (*r, total)


def _walk(tokens, k: int, sums, budget, steps: list[int]) -> Iterator[tuple[Token | None, ...]]:
    """Splits of `tokens` into k cells, checking each sum when its last cell is placed; with `budget`
    (positions, total) the cells at those positions must add up to the total, and none may exceed what is
    left of it."""
    closing = {s[-1]: s for s in sums}
    within, target = (frozenset(budget[0]), budget[1]) if budget else (frozenset(), None)
    out: list[Token | None] = []
    spent = [Decimal(0)]

    def value(t: Token | None) -> Decimal | None:
        return None if t is None or t.kind is not Kind.VALUE else t.value

    def ok_at(n: int) -> bool:
        block = closing.get(n)
        if block is None:
            return True
        parts = [value(out[p]) for p in block]
        if any(v is None for v in parts):
            return True  # a relation over a blank cell is not checked
        return sum(parts[:-1]) == parts[-1]

    def place(t: Token | None) -> bool:
        out.append(t)
        n = len(out) - 1
        if n in within:
            v = value(t)
            spent.append(spent[-1] + (v or 0))
            if spent[-1] > target:
                return False
        return ok_at(n)

    def take() -> None:
        if len(out) - 1 in within:
            spent.pop()
        out.pop()

    def walk(i: int, offset: int) -> Iterator[tuple[Token | None, ...]]:
        steps[0] += 1
        if steps[0] > NODES:
            raise _TooMany
        left = k - len(out)
        if i == len(tokens):
            if left == 0 and (target is None or spent[-1] == target):
                yield tuple(out)
            return
        if left <= 0:
            return
        t = tokens[i]
        if not _splittable(t):
            if place(None if t.kind is Kind.BLANK else t):
                yield from walk(i + 1, 0)
            take()
            return
        sign, digits, tail = _parts(t)
        rest = len(digits) - offset
        longest = rest
        if target is not None and len(out) in within:
            longest = min(rest, len(str(int(target - spent[-1]))))
        lengths = [n for n in _lengths(digits, offset, left, len(tokens) - i - 1) if n <= longest]
        for n in lengths:
            last = n == rest
            piece = (sign if offset == 0 else "") + digits[offset : offset + n] + (tail if last else "")
            if place(make(piece, t.row)):
                yield from walk(i + 1, 0) if last else walk(i, offset + n)
            take()

    yield from walk(0, 0)


class _TooMany(Exception):
    pass


def enumerate_segment(segment: Segment) -> None:
    """Fill `raw_count` and `readings`: the splits the segment's own sums allow (the only split, when the digits
    admit one: a row that then does not add up is the report's error, for the rules to name)."""
    single = _only_reading(segment)
    if single is not None:
        segment.raw_count, segment.readings = 1, [single]
        return
    segment.raw_count = count(segment.tokens, len(segment.cells))
    if segment.raw_count == 0 or segment.raw_count > CAP:
        return
    sums = segment.sums if segment.raw_count > 1 else ()
    try:
        segment.readings = list(readings(Segment(segment.label, segment.cells, segment.tokens, sums)))
    except _TooMany:
        segment.raw_count = CAP + 1


def _only_reading(segment: Segment) -> tuple[Token | None, ...] | None:
    """The reading when the digits allow just one without search: one token a cell (space-separated), or one
    digit a cell (`0000000`, `0 0 0 0 0 00`)."""
    tokens, k = segment.tokens, len(segment.cells)
    if len(tokens) == k:
        if any(_splittable(t) and _digits(t)[0] == "0" for t in tokens):
            return None  # `00` is no one cell: the search says so
        return tuple(None if t.kind is Kind.BLANK else t for t in tokens)
    if sum(len(_digits(t)) if _splittable(t) else 1 for t in tokens) != k:
        return None
    out: list[Token | None] = []
    for t in tokens:
        if not _splittable(t):
            out.append(None if t.kind is Kind.BLANK else t)
            continue
        sign, digits, tail = _parts(t)
        last = len(digits) - 1
        out.extend(
            make((sign if n == 0 else "") + d + (tail if n == last else ""), t.row)
            for n, d in enumerate(digits)
        )
    return tuple(out)


# ---------------------------------------------------------------- a table
def solve(
    segments: list[Segment],
    equations: list[Equation],
    fixed: dict[str, object],
    either: tuple[Equation, ...] = (),
) -> list[Outcome]:
    """Decide every segment of one table together. `fixed` holds the cells read without splitting; a segment
    the digits allow one reading of counts as fixed too, so only the segments with a choice are searched.
    `either` holds weaker evidence, one of which should hold (a count the prose states): the readings
    consistent with any of them are kept; when none can hold, the prose is set aside, not the table."""
    for s in segments:
        enumerate_segment(s)
        s.feasible = list(s.readings)
    known = dict(fixed)
    for s in segments:
        if len(s.readings) == 1:
            known.update(
                (c, None if t is None else t.value) for c, t in zip(s.cells, s.readings[0], strict=True)
            )
    if _contradicted(segments, equations, known):
        return [_distrusted(s) for s in segments]
    live = [s for s in segments if len(s.readings) > 1]
    if not live or not (equations or either):
        return [_outcome(s) for s in segments]
    where = {c: s for s in live for c in s.cells}
    usable = [e for e in equations if _usable(e, where, known) and any(c in where for c in e)]
    kept: dict[int, list] = {}
    for extra in either:
        if _usable(extra, where, known) and any(c in where for c in extra):
            if _search(live, [*usable, extra], where, known):
                for s in live:
                    kept.setdefault(id(s), []).extend(r for r in s.feasible if r not in kept.get(id(s), []))
            for s in live:
                s.feasible = list(s.readings)
    if kept:
        for s in live:
            s.feasible = kept.get(id(s), [])
        outcomes = [_outcome(s) for s in segments]
        for o, s in zip(outcomes, segments, strict=True):
            o.by_prose = s in live
        return outcomes
    if usable and not _search(live, usable, where, known):
        return [_impossible(s, s in live) for s in segments]
    return [_outcome(s) for s in segments]


def _contradicted(segments: list[Segment], equations: list[Equation], known: dict[str, object]) -> bool:
    """Does the table break its own arithmetic where the digits leave no choice? Then that arithmetic is no
    evidence for choosing among readings elsewhere: a report wrong in one row may be wrong in the next."""
    for s in segments:
        if s.sums and s.raw_count > 1 and not s.readings and s.raw_count <= CAP:
            return True  # several splits, none of which adds up
        if len(s.readings) == 1:
            values = [None if t is None else t.value for t in s.readings[0]]
            for block in s.sums:
                parts = [values[i] for i in block]
                if None not in parts and sum(parts[:-1]) != parts[-1]:
                    return True
    for eq in equations:
        values = [known.get(c) for c in eq]
        if None not in values and sum(coef * v for coef, v in zip(eq.values(), values, strict=True)) != 0:
            return True
    return False


def _distrusted(s: Segment) -> Outcome:
    """A segment read by its digits alone (the table's arithmetic does not hold, so it chooses nothing)."""
    if 1 < s.raw_count <= CAP:
        try:
            s.readings = list(readings(Segment(s.label, s.cells, s.tokens)))
        except _TooMany:
            s.raw_count, s.readings = CAP + 1, []
    s.feasible = list(s.readings)
    outcome = _outcome(s)
    outcome.distrusted = True
    return outcome


def _impossible(s: Segment, searched: bool) -> Outcome:
    """No combination of readings makes the table add up: the report breaks its own arithmetic, so not even a
    row's own sum may choose its reading (the page's digits fit a consistent report too)."""
    outcome = _distrusted(s)
    outcome.impossible = searched and bool(outcome.unresolved)
    return outcome


def _usable(eq: Equation, where: dict[str, Segment], fixed: dict[str, object]) -> bool:
    """An equation is used only when none of its cells can be blank."""
    for cell in eq:
        s = where.get(cell)
        if s is None:
            if fixed.get(cell) is None:
                return False
            continue
        i = s.cells.index(cell)
        if not s.readings or any(r[i] is None or r[i].kind is not Kind.VALUE for r in s.readings):
            return False
    return True


def _search(live: list[Segment], equations: list[Equation], where, fixed) -> bool:
    """Forward: the partial sums every combination of readings reaches; backward: keep the readings some
    complete, consistent combination uses (`feasible`). False when no combination is consistent. Beyond STATES
    partial sums the search stops and each segment keeps the readings its own sums allow."""
    constant = tuple(sum(coef * fixed[c] for c, coef in eq.items() if c not in where) for eq in equations)
    vectors = []
    for s in live:
        terms = [
            [(s.cells.index(c), coef) for c, coef in eq.items() if where.get(c) is s] for eq in equations
        ]
        vectors.append([tuple(sum(coef * r[i].value for i, coef in t) for t in terms) for r in s.readings])
    forward = [{constant}]
    for rows in vectors:
        states = {_add(state, row) for state in forward[-1] for row in set(rows)}
        if len(states) > STATES:
            return True
        forward.append(states)
    good = {tuple(0 for _ in equations)} & forward[-1]
    if not good:
        return False
    for n in range(len(live) - 1, -1, -1):
        rows = vectors[n]
        live[n].feasible = [
            r for r, row in zip(live[n].readings, rows, strict=True) if _reaches(forward[n], row, good)
        ]
        good = {state for state in forward[n] if any(_add(state, row) in good for row in set(rows))}
    return True


def _add(a: tuple, b: tuple) -> tuple:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def _reaches(states: set, row: tuple, good: set) -> bool:
    return any(_add(state, row) in good for state in states)


def _outcome(s: Segment) -> Outcome:
    """The cells every remaining reading agrees on; the rest blank, with the readings for the finding."""
    if s.raw_count > CAP:
        return Outcome(dict.fromkeys(s.cells), s.cells, ("…",))
    if not s.readings:  # the digits do not fill the cells, or never so that the row adds up
        return Outcome(dict.fromkeys(s.cells), s.cells, (), True)
    pool = s.feasible or s.readings
    values: dict[str, Token | None] = {}
    unresolved = []
    for i, cell in enumerate(s.cells):
        if len({None if r[i] is None else r[i].value for r in pool}) == 1:
            values[cell] = pool[0][i]
        else:
            values[cell] = None
            unresolved.append(cell)
    shown = tuple(sorted({"/".join(_text(t) for t in r) for r in pool})) if unresolved else ()
    return Outcome(values, tuple(unresolved), shown)


def _text(t: Token | None) -> str:
    return "空" if t is None else t.norm
