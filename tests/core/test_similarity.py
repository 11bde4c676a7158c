import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.standard.report import Report
from gongkai.standard.similarity import (
    MIN_SHINGLES,
    Fingerprint,
    copied_sections,
    findings_for,
    fingerprint,
    overlap,
    shingles,
)

LAST_YEAR = (
    "2021年，市政府办公室政务信息公开工作虽然取得了一定进展，但离市委、市政府的要求、人民群众的期盼还有一定的差距。"
    "一是政务信息公开力度有待进一步加大；二是政务信息公开的内容还不够全面；三是信息公开更新还不够及时。"
    "今后将根据政务信息公开工作要求，进一步做好政务公开工作，切实在当前工作基础上进一步提升政务公开工作水平。"
)
OTHER = (
    "本局在网站建设方面投入不足，栏目设置需要调整，统计数据发布的解读材料偏少。下一步将加强统计数据解读，"
    "围绕居民收入、物价和就业等社会关注的指标，以图表和问答形式及时发布解读，并健全统计信息发布日历。"
    "同时加强统计人员业务培训，完善数据质量审核流程，确保发布数据准确及时，回应社会关切。"
)
cjk = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=40, max_size=300)


def report(agency, year, section5):
    return Report(format="2021", agency=agency, year=year, prose={5: section5})


def test_copy_with_year_changed_is_a_copy():
    this_year = LAST_YEAR.replace("2021年", "2022年")
    assert overlap(this_year, LAST_YEAR) == 1.0


def test_unrelated_text_is_not_a_copy():
    assert overlap(OTHER, LAST_YEAR) < 0.1


def test_batch_names_the_other_report_and_section():
    batch = [
        report("甲局", 2021, LAST_YEAR),
        report("乙局", 2022, OTHER),
        report("丙局", 2022, LAST_YEAR + "。"),
    ]
    found = findings_for(batch)
    assert set(found) == {0, 2}
    (finding,) = found[2]
    assert finding.rule == "prose.copied"
    assert "甲局" in finding.message and "五、存在的主要问题" in finding.message
    assert finding.found == 1.0


def test_short_sections_are_not_judged():
    batch = [report("甲局", 2021, "无。"), report("乙局", 2021, "无。")]
    assert copied_sections(batch) == {}


@given(cjk)
def test_text_contains_itself(text):
    share = overlap(text, text + "另附说明")
    assert share in (0.0, 1.0)  # 0.0 only when too short to shingle


# ---------------------------------------------------------------- the scalable engine against the exact definition
PREAMBLE = (
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发"
    "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。本报告由总体情况、"
    "主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进"
    "情况、其他需要报告的事项六部分组成。本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。"
)


def test_the_regulation_and_the_format_are_nobodys_copy():
    """Two reports that share only the format's preamble and the 条例's words have copied nothing."""
    a = report(
        "甲局",
        2022,
        PREAMBLE + "坚持以公开为常态、不公开为例外，遵循公正、公平、合法、便民的原则。" + OTHER[:20],
    )
    b = report("乙局", 2022, PREAMBLE + "坚持以公开为常态、不公开为例外，遵循公正、公平、合法、便民的原则。")
    assert copied_sections([a, b]) == {}


def exact_pairs(batch, threshold=0.6):
    """The definition, pair by pair: every (i, j, section) whose containment reaches the threshold."""
    out = set()
    for section in (1, 5, 6):
        sets = [set(shingles(r.prose.get(section, "")).tolist()) for r in batch]
        for i, a in enumerate(sets):
            for j, b in enumerate(sets):
                if i != j and len(a) >= MIN_SHINGLES and len(a & b) >= threshold * len(a) - 1e-9:
                    out.add((i, j, section))
    return out


def found_pairs(batch, **kw):
    return {(i, m.other, m.section) for i, ms in copied_sections(batch, **kw).items() for m in ms}


def edit(text: str, cuts: list[int]) -> str:
    """A copy as agencies make one: the year changed and a few characters replaced."""
    chars = list(text.replace("2021", "2022"))
    for at in cuts:
        chars[at % len(chars)] = "改"
    return "".join(chars)


@st.composite
def batches(draw):
    texts = draw(st.lists(cjk, min_size=2, max_size=8))
    batch = [report(f"局{i}", 2022, t) for i, t in enumerate(texts)]
    planted = []
    for _ in range(draw(st.integers(1, 4))):
        source = draw(st.integers(0, len(texts) - 1))
        cuts = draw(st.lists(st.integers(0, 10_000), max_size=3))
        extra = draw(st.sampled_from(["", "另外，本机关将进一步加强培训", OTHER[:30]]))
        batch.append(report(f"抄{len(batch)}", 2022, edit(texts[source], cuts) + extra))
        planted.append((len(batch) - 1, source))
    return batch, planted


@settings(max_examples=60, deadline=None)
@given(batches())
def test_finds_exactly_the_pairs_of_the_definition(drawn):
    batch, _ = drawn
    assert found_pairs(batch) == exact_pairs(batch)


@settings(max_examples=60, deadline=None)
@given(batches())
def test_every_planted_copy_is_found(drawn):
    batch, planted = drawn
    found = found_pairs(batch)
    for copy, source in planted:
        if (
            len(shingles(batch[copy].prose[5])) >= MIN_SHINGLES
            and overlap(batch[copy].prose[5], batch[source].prose[5]) >= 0.6
        ):
            assert (copy, source, 5) in found


@settings(max_examples=30, deadline=None)
@given(batches(), st.data())
def test_naming_the_candidates_finds_the_definitions_pairs_with_them(drawn, data):
    batch, _ = drawn
    allowed = set(data.draw(st.sets(st.integers(0, len(batch) - 1))))
    expected = {(i, j, s) for i, j, s in exact_pairs(batch) if j in allowed}
    assert found_pairs(batch, candidates=allowed) == expected


def unrelated(n: int, seed: int) -> list[Report]:
    rng = random.Random(seed)
    return [
        report(
            f"无关{k}", 2022, "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(30, 400)))
        )
        for k in range(n)
    ]


@settings(max_examples=10, deadline=None)
@given(batches())
def test_a_pairs_verdict_does_not_depend_on_the_rest_of_the_batch(drawn):
    batch, _ = drawn
    alone = copied_sections(batch)
    for extra in (10, 100, 1000):
        bigger = copied_sections([*batch, *unrelated(extra, extra)], subjects=range(len(batch)))
        assert {i: [m for m in ms if m.other < len(batch)] for i, ms in bigger.items()} == alone


def test_copies_shared_by_most_of_a_batch_are_still_copies():
    """A text copied by nearly every agency of a batch is flagged for each of them (it used to be dropped as
    'common' once a fifth of the batch shared it)."""
    batch = [report(f"镇{k}", 2022, LAST_YEAR) for k in range(30)] + unrelated(5, 1)
    found = copied_sections(batch)
    assert all(len([m for m in found[k] if m.section == 5]) == 29 for k in range(30))


def test_fingerprints_round_trip_through_json():
    batch = [report("甲局", 2021, LAST_YEAR), report("丙局", 2022, LAST_YEAR + "。")]
    prints = [Fingerprint.from_json(json.loads(json.dumps(fingerprint(r).to_json()))) for r in batch]
    assert copied_sections(prints) == copied_sections(batch)
