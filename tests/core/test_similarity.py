from hypothesis import given
from hypothesis import strategies as st

from gongkai.standard.report import Report
from gongkai.standard.similarity import copied_sections, findings_for, overlap

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
