"""Plausible applicants for demo applications: people with valid-looking identity numbers, and organisations of
each Table 三 applicant column with a 统一社会信用代码 that passes its check character."""

from __future__ import annotations

import random
from dataclasses import dataclass

from gongkai_platform.applications.personal import uscc_error
from gongkai_platform.catalogue import privacy

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
GIVEN = "建国志强秀兰桂英丽娟海燕国华玉梅文军晓东春梅宏伟丽华红梅晓燕立新淑珍振华德胜雪峰明辉亚男婷婷浩然子涵欣怡宇航"
STREETS = ["一道街", "二道街", "三道街", "四道街", "华埠大街", "友谊路", "北区", "南区", "东山街道", "西郊"]
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

# Table 三 applicant column -> organisations of that kind (法人或其他组织)
ORGANISATIONS = {
    "business": [
        "{city}鑫达商贸有限公司",
        "{city}宏远物流有限责任公司",
        "{city}北疆木业有限公司",
        "{city}通达燃气有限公司",
        "{city}恒泰能源有限公司",
        "{city}金龙建材有限公司",
        "{city}顺达房地产开发有限公司",
    ],
    "research": [
        "内蒙古大学满洲里学院",
        "河北农业大学经济管理学院",
        "中国社会科学院边疆研究所",
        "呼伦贝尔学院",
    ],
    "social": ["{city}志愿者协会", "{city}慈善总会", "{city}老年人体育协会", "{city}环保公益联合会"],
    "legal": ["内蒙古北疆律师事务所", "{city}正源律师事务所", "河北燕山律师事务所", "{city}法律援助中心"],
    "other_org": ["{city}阳光小区业主委员会", "{city}光明社区居民委员会", "{city}个体劳动者协会"],
}
AREA_CODES = {"manzhouli": "150781", "kuancheng": "130827"}
CITY_NAMES = {"manzhouli": "满洲里市", "kuancheng": "宽城满族自治县"}


@dataclass(frozen=True)
class Applicant:
    kind: str
    name: str
    id_number: str
    contact_person: str
    phone: str
    address: str


def person_name(rng: random.Random) -> str:
    given = GIVEN[rng.randrange(0, len(GIVEN), 2) :][:2]
    return rng.choice(SURNAMES) + (given if rng.random() < 0.7 else given[0])


def id_number(rng: random.Random, area: str) -> str:
    first17 = f"{area}{rng.randint(1955, 2003)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return first17 + privacy.id_check_digit(first17)


def credit_code(rng: random.Random, area: str) -> str:
    """A 统一社会信用代码: registration office 9 (工商) or 5 (社会组织), the area code, 9 random characters and
    the check character, found by asking the platform's own validator (so the demo cannot drift from it)."""
    body = rng.choice("95") + "1" + area + "".join(rng.choice(_USCC_ALPHABET) for _ in range(9))
    return next(body + c for c in _USCC_ALPHABET if uscc_error(body + c) is None)


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"


def applicant(rng: random.Random, kind: str, jurisdiction: str) -> Applicant:
    area, city = AREA_CODES[jurisdiction], CITY_NAMES[jurisdiction]
    address = f"{city}{rng.choice(STREETS)}{rng.randint(1, 180)}号"
    if kind == "natural":
        name = person_name(rng)
        return Applicant(kind, name, id_number(rng, area), "", mobile(rng), address)
    name = rng.choice(ORGANISATIONS[kind]).format(city=city)
    phone = f"{'0470' if jurisdiction == 'manzhouli' else '0314'}-{rng.randint(6200000, 6299999)}"
    return Applicant(kind, name, credit_code(rng, area), person_name(rng), phone, address)
