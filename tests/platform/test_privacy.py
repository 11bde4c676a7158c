"""The 保密/隐私 scan. Numbers are written out (valid ones from the standards' own examples and well-known test
card numbers, with their check digits worked by hand); every evasion seen in issue 10 is a row of the table."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai_platform.catalogue import privacy

ID = "11010519491231002X"  # GB 11643's worked example
VALID_IDS = ["11010519491231002X", "440106198001011230", "320102199203154565", "510107200002290010"]
WRONG_CHECK_IDS = ["110105194912310021", "440106198001011231", "320102199203154566", "51010720000229001X"]
BAD_DATE_IDS = ["110105199902310026", "440106198013011235"]  # 31 February; month 13
BAD_PROVINCE_IDS = ["990105194912310020"]
OLD_IDS = ["110105491231002", "440106800101123"]
CARDS = [
    "4111111111111111",
    "5500000000000004",
    "6200000000000005",
    "6011111111111117",
    "6205500000000000004",
]
LUHN_FAILS = ["4111111111111112", "5500000000000005", "6200000000000006", "6205500000000000005"]
MOBILE = "13812345678"

EVASIONS = [
    # (what, text, kind, the part of the text the finding must cover)
    ("plain", f"身份证号{ID}。", "id_number", ID),
    ("lower-case x", "身份证号11010519491231002x。", "id_number", "11010519491231002x"),
    (
        "full-width digits",
        "身份证号１１０１０５１９４９１２３１００２Ｘ。",
        "id_number",
        "１１０１０５１９４９１２３１００２Ｘ",
    ),
    ("spaces", "身份证号 110105 19491231 002X。", "id_number", "110105 19491231 002X"),
    ("hyphens", "身份证号110105-19491231-002X", "id_number", "110105-19491231-002X"),
    ("dots", "身份证号110105.19491231.002X", "id_number", "110105.19491231.002X"),
    (
        "letter-spaced",
        "号码 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 X 完",
        "id_number",
        "1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 X",
    ),
    ("NBSP", "身份证号110105\u00a019491231\u00a0002X", "id_number", "110105\u00a019491231\u00a0002X"),
    (
        "ideographic space",
        "身份证号110105\u300019491231\u3000002X",
        "id_number",
        "110105\u300019491231\u3000002X",
    ),
    ("zero-width space", "身份证号1101\u200b0519491231002X", "id_number", "1101\u200b0519491231002X"),
    ("zero-width joiner", "身份证号1101\u200d0519491231002X", "id_number", "1101\u200d0519491231002X"),
    ("soft hyphen", "身份证号110105\u00ad19491231002X", "id_number", "110105\u00ad19491231002X"),
    ("BOM inside", "身份证号110105\ufeff19491231002X", "id_number", "110105\ufeff19491231002X"),
    ("word joiner", "身份证号110105\u206019491231002X", "id_number", "110105\u206019491231002X"),
    (
        "NUL bytes (UTF-16 read as UTF-8)",
        "1\x001\x000\x001\x000\x005\x0019491231002X",
        "id_number",
        "1\x001\x000\x001\x000\x005\x0019491231002X",
    ),
    ("old 15-digit", "身份证号110105491231002，", "id_number", "110105491231002"),
    ("old 15-digit spaced", "身份证号110105 491231 002，", "id_number", "110105 491231 002"),
    ("mobile", f"电话{MOBILE}。", "mobile", MOBILE),
    ("mobile 3-4-4", "电话138-1234-5678。", "mobile", "138-1234-5678"),
    ("mobile +86", "电话+86 138 1234 5678。", "mobile", "+86 138 1234 5678"),
    ("mobile 0086", "电话0086-13812345678。", "mobile", "0086-13812345678"),
    ("mobile 0086 spaced", "电话0086 138 1234 5678。", "mobile", "0086 138 1234 5678"),
    ("mobile (+86)", "电话(+86)13812345678。", "mobile", "(+86)13812345678"),
    ("mobile full-width", "电话１３８１２３４５６７８。", "mobile", "１３８１２３４５６７８"),
    ("mobile zero-width", "电话138\u200b1234\u200c5678。", "mobile", "138\u200b1234\u200c5678"),
    ("mobile full-width hyphen", "电话138－1234－5678。", "mobile", "138－1234－5678"),
    ("card", "卡号6200000000000005。", "bank_card", "6200000000000005"),
    ("card grouped", "卡号6200 0000 0000 0005。", "bank_card", "6200 0000 0000 0005"),
    ("card 19 digits grouped", "卡号6205 5000 0000 0000 004。", "bank_card", "6205 5000 0000 0000 004"),
    (
        "card full-width",
        "卡号４１１１１１１１１１１１１１１１",
        "bank_card",
        "４１１１１１１１１１１１１１１１",
    ),
    ("card hyphens", "卡号4111-1111-1111-1111", "bank_card", "4111-1111-1111-1111"),
    ("marking ★", "机密★5年\n关于某事项的通知", "classified", "机密★5年"),
    ("marking spaced", "机 密★\n关于某事项的通知", "classified", "机 密★"),
    ("marking spaced star", "绝密 ★ 长期", "classified", "绝密 ★ 长期"),
    ("marking middle dot", "绝密·长期\n通知", "classified", "绝密·长期"),
    ("marking brackets", "【机密】关于某事项的通知", "classified", "【机密】"),
    ("marking square brackets", "［秘密］关于某事项的通知", "classified", "［秘密］"),
    ("marking traditional", "機密★1年", "classified", "機密★1年"),
    ("marking traditional 绝密", "絕密★長期", "classified", "絕密★長期"),
    ("密级 label", "密级：绝密", "classified", "密级：绝密"),
    ("密级 traditional", "密級：機密", "classified", "密級：機密"),
    ("marking alone on a line", "标题\n秘密\n正文", "classified", "秘密"),
    ("marking alone, ideographic spaces", "标题\n\u3000\u3000机密\u3000\n正文", "classified", "机密"),
]


def found(text):
    return [(h.kind, h.text) for h in privacy.scan(text)]


@pytest.mark.parametrize(("what", "text", "kind", "covered"), EVASIONS, ids=[row[0] for row in EVASIONS])
def test_every_evasion_is_caught_and_points_at_the_original(what, text, kind, covered):
    hits = privacy.scan(text)
    assert [(h.kind, h.text) for h in hits] == [(kind, covered)]
    hit = hits[0]
    assert text[hit.start : hit.end] == covered
    redacted = privacy.redact(text, hits)
    assert privacy.scan(redacted) == []
    assert len(redacted) == len(text)


@pytest.mark.parametrize("number", VALID_IDS)
def test_valid_id_numbers_are_caught(number):
    assert found(f"证件号码：{number}，") == [("id_number", number)]
    assert privacy.is_valid_id_number(number)


@pytest.mark.parametrize("number", WRONG_CHECK_IDS + BAD_DATE_IDS + BAD_PROVINCE_IDS)
def test_id_numbers_with_a_wrong_check_digit_date_or_province_are_not_id_numbers(number):
    assert not privacy.is_valid_id_number(number)
    assert "id_number" not in [k for k, _ in found(f"证件号码：{number}，")]


@pytest.mark.parametrize("number", OLD_IDS)
def test_old_fifteen_digit_id_numbers(number):
    assert found(f"证件号码{number}。") == [("id_number", number)]


def test_old_id_number_with_an_impossible_date_is_not_caught():
    assert found("编号110105491331002。") == []  # month 13


@pytest.mark.parametrize("number", CARDS)
def test_luhn_valid_card_numbers_are_caught(number):
    assert found(f"卡号{number}。") == [("bank_card", number)]


@pytest.mark.parametrize("number", LUHN_FAILS)
def test_card_numbers_failing_luhn_are_not_caught(number):
    assert not privacy.luhn_valid(number)
    assert found(f"卡号{number}。") == []


@pytest.mark.parametrize(
    "text",
    [
        "2025年全市地区生产总值为1234567万元，同比增长5.2%，电话0470-6222333。",
        "索引号：13566001/2022-00330",
        "发文日期20250101，编号123456789012",
        "不得公开涉及国家秘密、商业秘密、个人隐私的政府信息。",
        "严守机密，做好保密工作。",
        "共受理申请 13 件，办结 12 件。",
        "版本 1.3.8",
        "电话 12345678901",  # 12x is not a mobile prefix
        "编号1381234567890",  # 13 digits: not a mobile number
    ],
)
def test_text_that_is_not_personal_data_is_ignored(text):
    assert found(text) == []


def test_a_number_is_reported_once_as_its_most_specific_kind():
    assert found(f"{ID}") == [("id_number", ID)]
    assert [h.kind for h in privacy.scan(f"身份证{ID}，电话{MOBILE}，卡号4111111111111111")] == [
        "id_number",
        "mobile",
        "bank_card",
    ]


def test_fingerprint_is_the_same_however_the_number_is_written():
    plain, spaced, wide = (
        privacy.scan(t)[0] for t in (MOBILE, "+86 138-1234-5678", "１３８１２３４５６７８")
    )
    assert plain.fingerprint == spaced.fingerprint == wide.fingerprint == f"mobile:{MOBILE}"


def test_segments_cover_text_and_mark_hits():
    text = "电话138 1234 5678，完毕"
    parts = privacy.segments(text, privacy.scan(text))
    assert "".join(p for p, _ in parts) == text
    assert [p for p, hit in parts if hit] == ["138 1234 5678"]


def test_offsets_survive_expansions_and_drops_before_the_hit():
    text = "㈠\u200b\u200b①⑵ 电话\ufeff13812345678"
    (hit,) = privacy.scan(text)
    assert hit.text == MOBILE and text[hit.start : hit.end] == MOBILE


# Properties, with an oracle written independently of the module: ISO 7064 MOD 11-2 computed the iterative way.


def mod11_2(first17: str) -> str:
    carry = 0
    for c in first17:
        carry = (carry + int(c)) * 2 % 11
    check = (12 - carry) % 11
    return "X" if check == 10 else str(check)


def test_oracle_agrees_with_the_written_out_numbers():
    assert all(mod11_2(n[:17]) == n[17] for n in VALID_IDS)


provinces = st.sampled_from(["11", "31", "44", "51", "65"])
births = st.dates(min_value=date(1920, 1, 1), max_value=date(2025, 12, 31)).map(
    lambda d: d.strftime("%Y%m%d")
)
invisible = st.sampled_from(["", " ", "-", ".", "\u200b", "\u00ad", "\u00a0", "\u3000", "\ufeff"])


@st.composite
def disguised_ids(draw):
    first17 = (
        draw(provinces)
        + f"{draw(st.integers(0, 9999)):04d}"
        + draw(births)
        + f"{draw(st.integers(0, 999)):03d}"
    )
    number = first17 + mod11_2(first17)
    return number, "".join(c + draw(invisible) for c in number[:-1]) + number[-1]


@given(
    disguised_ids(),
    st.sampled_from(["", "申请人身份证号：", "（", "号码为"]),
    st.sampled_from(["", "。", "）"]),
)
def test_disguised_id_numbers_are_caught_and_masked(pair, before, after):
    number, written = pair
    text = before + written + after
    hits = privacy.scan(text)
    assert [(h.kind, h.value, h.text) for h in hits] == [("id_number", number, written)]
    assert privacy.scan(privacy.redact(text, hits)) == []


@given(st.text(max_size=200))
def test_any_text_scans_without_error_and_hits_lie_inside_it(text):
    for hit in privacy.scan(text):
        assert 0 <= hit.start < hit.end <= len(text) and text[hit.start : hit.end] == hit.text
