"""Fees (国办函〔2020〕109号) and outcome ids (Table 三 rows)."""

from datetime import date

from hypothesis import assume, given
from hypothesis import strategies as st

from gongkai.standard.formats import FORMAT_2019, FORMAT_2021, format_for_year, outcome_rows
from gongkai_platform.applications import fees, outcomes, personal, similar


def test_fee_examples():
    assert fees.per_piece_fee(0, 10) == 0
    assert fees.per_piece_fee(0, 30) == 2000
    assert fees.per_piece_fee(0, 45) == 20 * 100 + 10 * 200 + 5 * 300
    assert fees.per_page_fee(30) == 0
    assert fees.per_page_fee(250) == 70 * 10 + 100 * 20 + 50 * 40
    assert [fees.piece_rate(n) for n in (10, 11, 30, 31, 40, 41, 51)] == [0, 100, 100, 200, 200, 300, 400]


@given(st.lists(st.integers(0, 25), max_size=12))
def test_month_split_does_not_change_the_monthly_total(pieces):
    """The tiers are cumulative over the month, so splitting one applicant's pieces over applications
    changes who pays what, never the total."""
    assert sum(fees.month_per_piece_fees(pieces)) == fees.per_piece_fee(0, sum(pieces))


@given(st.integers(0, 400))
def test_page_fee_is_progressive(pages):
    assert fees.per_page_fee(pages + 1) - fees.per_page_fee(pages) == fees.page_rate(pages + 1) >= 0


def test_fee_statement():
    assert "未收取" in fees.fee_statement(2024, 0, [])
    assert "发出收费通知3件" in fees.fee_statement(2024, 3, [100, 200]) and "共计300元" in fees.fee_statement(
        2024, 3, [100, 200]
    )


def test_outcomes_are_the_2021_rows_with_a_basis():
    assert list(outcomes.OUTCOMES) == [r.key for r in outcome_rows(FORMAT_2021)]
    for o in outcomes.OUTCOMES.values():
        assert o.reason
        if o.id != "other.other":
            assert o.citation
    assert outcomes.OUTCOMES["partial"].refuses and not outcomes.OUTCOMES["granted"].refuses


def test_row_for_year_maps_other_rows_for_the_2019_format():
    keys_2019 = {r.key for r in outcome_rows(FORMAT_2019)}
    for oid in outcomes.OUTCOMES:
        assert outcomes.row_for_year(oid, 2020) in keys_2019
        assert outcomes.row_for_year(oid, 2024) == oid
    assert outcomes.row_for_year("other.no_fee_paid", 2019) == "other"
    assert {r.key for r in outcome_rows(format_for_year(2021))} == set(outcomes.OUTCOMES)


# ---------------------------------------------------------------- personal data
_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


@st.composite
def id_cards(draw):
    born = draw(st.dates(date(1920, 1, 1), date(2020, 12, 31)))
    body = f"{draw(st.integers(110000, 659999))}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, _W, strict=True)) % 11]


@given(id_cards(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_id_card_check_digit(number, position, replacement):
    assert personal.id_card_error(number) is None
    changed = number[:position] + replacement + number[position + 1 :]
    if changed != number:
        assert personal.id_card_error(changed) is not None  # any single change is caught or makes a bad date


def test_uscc_and_phone():
    assert personal.uscc_error("91350100M000100Y43") is None
    assert "校验位" in personal.uscc_error("91350100M000100Y44")
    assert personal.uscc_error("91350100M00010OY43")  # O is not in the alphabet
    assert personal.phone_error("13812345678") is None and personal.phone_error("0571-88888888") is None
    assert personal.phone_error("phone")


@given(st.text(min_size=0, max_size=30))
def test_masks_never_reveal_the_whole_value(value):
    assume("*" not in value)  # a value already masked at the masked positions is its own mask
    for masked in (personal.mask_id(value), personal.mask_phone(value), personal.mask_address(value)):
        assert len(value.strip()) < 4 or masked != value.strip()
    assert personal.mask_name("张三丰", natural=True) == "张**"
    assert personal.mask_name("某某科技有限公司", natural=False) == "某某科技有限公司"


def test_similar_requests_by_character_bigrams():
    class A:
        def __init__(self, d):
            self.description = d

    near, far = A("请公开2024年本局统计执法检查计划"), A("申请公开某小区规划许可证")
    found = similar.similar("2024年本局统计执法检查计划及结果", [near, far])
    assert [c for _, c in found] == [near]
    assert similar.similarity("abc", "abc") == 1.0 and similar.similarity("", "abc") == 0.0
