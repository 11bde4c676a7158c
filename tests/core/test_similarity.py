import json
import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.parsers import read_file
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
from tests.shared import real_report

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


# ---------------------------------------------------------------- the platform's own draft sentences are reference
# Two agencies' unedited drafts, written out by hand as the platform drafts them (different names, columns,
# numbers and outcomes): nothing in them is anyone's own prose.
DRAFT_A = {
    1: "2025年，满洲里市统计局认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
    "依法依规做好政府信息公开工作。\n"
    "（一）主动公开。全年主动公开政府信息163条，其中“政策文件”栏目120条、“机构职能”栏目31条、"
    "“统计数据”栏目12条。\n"
    "（二）依申请公开。全年新收政府信息公开申请12件，上年结转1件，本年度办结11件（予以公开5件、部分公开3件、"
    "不予公开1件、其他处理2件），结转下年度继续办理2件。\n"
    "（三）政府信息管理。本年度制发行政规范性文件3件、废止1件，现行有效20件。拟公开的政府信息发布前均经保密审查。\n"
    "（四）政府信息公开平台建设。依托政府信息公开平台发布信息，本年度在3个栏目更新信息，平台提供检索、查阅、"
    "下载功能。\n"
    "（五）监督保障。全年因政府信息公开引起行政复议2件、行政诉讼1件。",
    5: "本年度有1件申请超过法定期限答复，年末仍有2件超期未办结，答复时效有待提高。下一步将加强申请办理的期限管理。"
    "（请根据本年度工作实际，填写存在的主要问题及改进措施。）",
    6: "本年度依据《政府信息公开信息处理费管理办法》共发出信息处理费收费通知2件，通知收费金额共计350元，"
    "有1件申请因申请人逾期未按收费通知缴纳费用，不再处理，实际收取信息处理费1笔，共计200元。",
}
DRAFT_B = {
    1: "2025年，呼伦贝尔市人民政府认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
    "依法依规做好政府信息公开工作。\n"
    "（一）主动公开。全年主动公开政府信息2048条，其中“通知公告”栏目900条、“政策解读”栏目640条、"
    "“人事信息”栏目300条、“财政资金”栏目208条。\n"
    "（二）依申请公开。全年新收政府信息公开申请87件，上年结转0件，本年度办结80件（予以公开60件、无法提供12件、"
    "不予处理8件），结转下年度继续办理7件。\n"
    "（三）政府信息管理。本年度新制作规范性文件14件，对外公开总数量14件。拟公开的政府信息发布前均经保密审查。\n"
    "（四）政府信息公开平台建设。依托政府信息公开平台发布信息，本年度在4个栏目更新信息，平台提供检索、查阅、"
    "下载功能。\n"
    "（五）监督保障。全年因政府信息公开引起行政复议0件、行政诉讼0件。"
    "（待填写：条例第五十条第（四）项要求人民政府报告的三项结果，在年度报告页面录入后自动写入此处。）",
    5: "（请根据本年度工作实际，填写存在的主要问题及改进措施。）",
    6: "本年度未收取信息处理费。",
}
# A paragraph of real prose (a county statistics bureau's section 五), pasted by two clerks into their drafts.
PASTED = (
    "一是政务公开工作人员业务能力有待提高，对政府信息公开条例的理解还不够深入；二是主动公开的信息以工作动态为主，"
    "涉及群众切身利益的统计信息解读不够；三是网站栏目内容更新不够及时。下一步，我局将组织专题培训，"
    "建立信息发布审核台账，按月通报栏目更新情况，做好统计数据发布后的解读和回应。"
)


def drafted(agency, prose, pasted=""):
    return Report(format="2021", agency=agency, year=2025, prose={**prose, 5: prose[5] + pasted})


def test_two_agencies_unedited_drafts_are_not_copies():
    batch = [drafted("满洲里市统计局", DRAFT_A), drafted("呼伦贝尔市人民政府", DRAFT_B)]
    assert copied_sections(batch) == {}
    assert all(len(shingles(text)) == 0 for r in batch for text in r.prose.values())


def test_an_agencys_name_in_the_draft_is_not_prose():
    """Same agency, two years of the unedited draft with other numbers: nothing is left to compare."""
    last_year = {**DRAFT_A, 1: DRAFT_A[1].replace("2025年", "2024年").replace("163条", "90条")}
    assert copied_sections([drafted("满洲里市统计局", DRAFT_A), drafted("满洲里市统计局", last_year)]) == {}


def test_the_same_paragraph_pasted_into_two_drafts_is_a_copy():
    batch = [drafted("满洲里市统计局", DRAFT_A, PASTED), drafted("呼伦贝尔市人民政府", DRAFT_B, PASTED)]
    found = copied_sections(batch)
    assert {i: [(m.section, m.other, m.share) for m in ms] for i, ms in found.items()} == {
        0: [
            (5, 1, 1.0)
        ],  # all of what the clerk wrote is the other's: the draft around it counts for nothing
        1: [(5, 0, 1.0)],
    }


def test_an_edited_draft_is_compared_on_the_clerks_words_only():
    """Half the pasted paragraph rewritten by one clerk: the share is what the two still have in common."""
    own = "我局今年新建统计数据发布日历，每季度召开新闻发布会，并在政务新媒体同步推送数据解读图文二十余篇。"
    rewritten = PASTED[: len(PASTED) // 2] + own
    batch = [drafted("满洲里市统计局", DRAFT_A, rewritten), drafted("呼伦贝尔市人民政府", DRAFT_B, PASTED)]
    mine, theirs = shingles(batch[0].prose[5]), shingles(batch[1].prose[5])
    assert len(mine) == len(shingles(rewritten)) and len(theirs) == len(shingles(PASTED))
    shared = len(set(mine.tolist()) & set(theirs.tolist()))
    assert overlap(batch[0].prose[5], batch[1].prose[5]) == shared / len(mine)


@settings(max_examples=5, deadline=None)
@given(st.integers(0, 1000))
def test_a_drafts_pair_verdict_does_not_depend_on_the_rest_of_the_batch(seed):
    """Unedited drafts of other agencies and unrelated reports added (10, 100, 1,000) change nothing."""
    pair = [drafted("满洲里市统计局", DRAFT_A, PASTED), drafted("呼伦贝尔市人民政府", DRAFT_B, PASTED)]
    alone = copied_sections(pair)
    for extra in (10, 100, 1000):
        others = [drafted(f"第{k}局", DRAFT_A if k % 2 else DRAFT_B) for k in range(extra // 2)]
        others += unrelated(extra - len(others), seed + extra)
        bigger = copied_sections([*pair, *others], subjects=range(2))
        assert {i: [m for m in ms if m.other < 2] for i, ms in bigger.items()} == alone
        assert not any(m.other >= 2 and m.section == 5 for ms in bigger.values() for m in ms)


# ---------------------------------------------------------------- precision on the seeds and the real reports
REAL = [
    f"text/{n}.txt" for n in ("001", "004", "005", "006", "007", "010", "011", "023", "024", "025", "027")
]
REAL += ["text/029.txt", "text/030.txt", "text/049.txt", "web/001.html", "web/007.html"]
REAL += ["001.pdf", "002.pdf", "003.pdf"]
SEEDS = sorted((Path(__file__).parents[1] / "fixtures" / "seeds").glob("*.txt"))


def test_among_the_seeds_and_real_reports_only_one_bureaus_years_repeat_each_other():
    """平潭综合实验区财政金融局's reports of 2021 (004), 2022 (005) and 2023 (006) repeat each other's section 五,
    and 2022 and 2023 their section 一 (read side by side: the same paragraphs, the year changed); no other
    report of the set — other agencies, the seeds, the same bureau's 2019 report (001) — is anyone's copy."""
    names = [p.name for p in SEEDS] + REAL
    reports = [read_file(p) for p in SEEDS] + [read_file(real_report(n)) for n in REAL]
    found = {(names[i], m.section, names[m.other]) for i, ms in copied_sections(reports).items() for m in ms}
    assert found == {
        ("text/004.txt", 5, "text/005.txt"),
        ("text/004.txt", 5, "text/006.txt"),
        ("text/005.txt", 5, "text/004.txt"),
        ("text/005.txt", 5, "text/006.txt"),
        ("text/006.txt", 5, "text/004.txt"),
        ("text/006.txt", 5, "text/005.txt"),
        ("text/005.txt", 1, "text/006.txt"),
        ("text/006.txt", 1, "text/005.txt"),
    }
