"""The 保密/隐私 scan: generated valid numbers are caught, near-misses with a wrong check digit are not."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from gongkai_platform.catalogue import privacy

regions = st.integers(min_value=110000, max_value=659999).map(str)
births = st.dates(min_value=date(1920, 1, 1), max_value=date(2025, 12, 31)).map(
    lambda d: d.strftime("%Y%m%d")
)
sequences = st.integers(min_value=0, max_value=999).map(lambda n: f"{n:03d}")
surroundings = (
    st.sampled_from(["", "申请人身份证号：", "证件号码 ", "（", "号码为"]),
    st.sampled_from(["", "。", "）", "，联系"]),
)


def luhn_digit(partial: str) -> str:
    return next(str(d) for d in range(10) if privacy.luhn_valid(partial + str(d)))


@st.composite
def id_numbers(draw):
    first17 = draw(regions) + draw(births) + draw(sequences)
    return first17 + privacy.id_check_digit(first17)


@st.composite
def card_numbers(draw):
    length = draw(st.integers(min_value=16, max_value=19))
    prefix = draw(st.sampled_from(["62", "4", "51", "52", "53", "54", "55"]))
    body = prefix + "".join(
        draw(
            st.lists(
                st.sampled_from("0123456789"),
                min_size=length - len(prefix) - 1,
                max_size=length - len(prefix) - 1,
            )
        )
    )
    return body + luhn_digit(body)


def kinds(text):
    return [h.kind for h in privacy.scan(text)]


@given(id_numbers(), *surroundings)
def test_valid_id_numbers_are_caught(number, before, after):
    text = before + number + after
    hits = privacy.scan(text)
    assert [(h.kind, h.text) for h in hits] == [("id_number", number)]
    assert "＊" * 18 in privacy.redact(text, hits)


@given(id_numbers(), st.integers(min_value=1, max_value=10))
def test_id_numbers_with_wrong_check_digit_are_not_id_hits(number, shift):
    wrong = "0123456789X"[("0123456789X".index(number[-1]) + shift) % 11]
    assert "id_number" not in kinds("身份证号" + number[:-1] + wrong)


@given(card_numbers(), *surroundings)
def test_luhn_valid_card_numbers_are_caught(number, before, after):
    assert kinds(before + number + after) in (["bank_card"], ["id_number"])


@given(card_numbers())
def test_grouped_card_numbers_are_caught(number):
    grouped = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    assert kinds("卡号：" + grouped) in (["bank_card"], ["id_number"])


@given(card_numbers(), st.integers(min_value=1, max_value=9))
def test_card_numbers_failing_luhn_are_not_caught(number, shift):
    wrong = number[:-1] + str((int(number[-1]) + shift) % 10)
    assert "bank_card" not in kinds("卡号" + wrong)


@given(st.sampled_from("3456789"), st.integers(min_value=0, max_value=99_999_999))
def test_mobile_numbers_are_caught_also_with_separators(second, rest):
    number = f"1{second}{rest % 10}{rest:08d}"[:11]
    assert kinds(f"联系电话：{number}。") == ["mobile"]
    assert kinds(f"电话 {number[:3]}-{number[3:7]}-{number[7:]}") == ["mobile"]


def test_numbers_that_are_not_personal_data_are_ignored():
    assert kinds("2025年全市地区生产总值为1234567万元，同比增长5.2%，电话0470-6222333。") == []
    assert kinds("索引号：13566001/2022-00330") == []
    assert kinds("发文日期20250101，编号123456789012") == []


def test_classification_markings_but_not_phrases():
    assert kinds("机密★5年\n关于某事项的通知") == ["classified"]
    assert kinds("密级：绝密") == ["classified"]
    assert kinds("标题\n秘密\n正文") == ["classified"]
    assert kinds("不得公开涉及国家秘密、商业秘密、个人隐私的政府信息。") == []


def test_segments_cover_text_and_mark_hits():
    text = "电话13812345678，完毕"
    parts = privacy.segments(text, privacy.scan(text))
    assert "".join(p for p, _ in parts) == text
    assert [p for p, hit in parts if hit] == ["13812345678"]


def test_redaction_keeps_length_and_removes_data():
    text = "电话13812345678"
    redacted = privacy.redact(text, privacy.scan(text))
    assert len(redacted) == len(text) and privacy.scan(redacted) == []


def test_invalid_birth_date_is_not_an_id_number():
    first17 = "11010519990231002"  # 31 February
    assert "id_number" not in kinds(first17 + privacy.id_check_digit(first17))
