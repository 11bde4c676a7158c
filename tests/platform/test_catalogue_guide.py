"""Issue #12: the 政府信息公开指南 generated from the agency's fields (条例第十二条) and the 第二十一条 columns by
agency level."""

from datetime import date

import pytest
from django.urls import reverse

from gongkai_platform.agencies.models import Level, Role
from gongkai_platform.auditlog.models import AuditEntry
from gongkai_platform.catalogue import standard_columns
from gongkai_platform.catalogue.models import Column
from tests.platform.conftest import make_user
from tests.platform.portal_data import make_world


@pytest.fixture
def world(db):
    return make_world()


def test_guide_is_generated_from_the_agency_fields(client, world):
    stats = world.stats
    stats.office_name, stats.address, stats.postcode = "办公室", "满洲里市二道街统计大楼", "021400"
    stats.office_hours, stats.phone, stats.fax = "工作日 8:30—12:00", "0470-6223456", "0470-6223450"
    stats.internet_contact, stats.guide_obtaining = "tjj@example.gov.cn", "本局每周三下午设立查阅接待日。"
    stats.save()
    page = client.get("/xxgk/jg/mzl-stats/guide/").content.decode()
    for text in (
        "满洲里市统计局政府信息公开指南",
        "满洲里市统计局办公室",
        "满洲里市二道街统计大楼",
        "021400",
        "0470-6223450",
        "tjj@example.gov.cn",
        "分类和编排体系",
        "综合政务",  # the 主题分类 the catalogue is arranged by
        f"11152200MB0000002/{date.today().year}-00001",  # the index-number scheme, by example
        "20个工作日内予以答复",
        "本局每周三下午设立查阅接待日。",
        "/yisqing/apply/",
    ):
        assert text in page, text
    assert "（未填写）" not in page


def test_guide_column_leads_to_the_generated_guide(client, world):
    response = client.get("/xxgk/jg/mzl-stats/column/guide/")
    assert response.status_code == 302 and response["Location"] == "/xxgk/jg/mzl-stats/guide/"


def test_missing_guide_fields_are_shown_as_missing(client, world):
    page = client.get("/xxgk/jg/mzl-stats/guide/").content.decode()
    assert page.count("（未填写）") >= 5  # address, hours, phone, fax, internet contact


def test_article20_item_6_has_its_full_wording(world):
    assert Column.objects.get(slug="article20-6").description == (
        "条例第二十条第（6）项：实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定"
    )


def test_article21_columns_follow_the_agency_level(client, world):
    street = world.street
    street.level = Level.TOWNSHIP
    street.save()
    county = client.get("/xxgk/jg/mzl-stats/column/statutory/").content.decode()
    town = client.get("/xxgk/jg/xinghua/column/statutory/").content.decode()
    assert "市政建设" in county and "治安管理" in county and "筹资筹劳" not in county
    assert "筹资筹劳" in town and "宅基地使用情况审核" in town and "市政建设" not in town
    assert "贯彻落实农业农村政策" in town and "行政许可" in town  # 第二十条 items on every site
    assert (
        "乡（镇）人民政府还应当根据本地方的具体情况，主动公开贯彻落实农业农村政策、农田水利工程建设运营"
        in town
    )
    assert "设区的市级、县级人民政府及其部门还应当根据本地方的具体情况，主动公开涉及市政建设" in county
    assert set(Column.objects.filter(article21_level="township").values_list("name", flat=True)) == {
        "贯彻落实农业农村政策",
        "农田水利工程建设运营",
        "农村土地承包经营权流转",
        "宅基地使用情况审核",
        "土地征收",
        "房屋征收",
        "筹资筹劳",
        "社会救助",
    }
    assert "主动公开涉及市政建设、公共服务、公益事业、土地征收、房屋征收、治安管理、社会救助等方面" in (
        standard_columns.ARTICLE21_TEXT
    )


def test_staff_edit_the_guide_fields_and_the_portal_follows(client, world, settings):
    settings.PORTAL_CACHE_SECONDS = 60
    before = client.get("/xxgk/jg/mzl-stats/guide/").content.decode()  # cached now
    assert "0470-6229999" not in before
    clerk = make_user("clerk", world.stats, Role.EDITOR)
    client.force_login(clerk)
    page = client.get(reverse("catalogue:guide_fields")).content.decode()
    assert "指南缺少：工作机构名称、办公地址" in page
    fields = {
        "office_name": "办公室",
        "address": "满洲里市二道街统计大楼",
        "postcode": "021400",
        "office_hours": "工作日 8:30—12:00",
        "phone": "0470-6229999",
        "fax": "0470-6229990",
        "internet_contact": "tjj@example.gov.cn",
        "guide_obtaining": "",
    }
    assert client.post(reverse("catalogue:guide_fields"), fields).status_code == 302
    world.stats.refresh_from_db()
    assert world.stats.fax == "0470-6229990" and world.stats.guide_updated_on == date.today()
    assert AuditEntry.objects.filter(action="agency.guide", user=clerk).exists()
    client.logout()
    assert "0470-6229999" in client.get("/xxgk/jg/mzl-stats/guide/").content.decode()


def test_a_reviewer_cannot_edit_the_guide(client, world):
    client.force_login(make_user("rev", world.stats, Role.REVIEWER))
    assert client.get(reverse("catalogue:guide_fields")).status_code == 403


def test_api_columns_say_which_level_an_article21_column_is_for(client, world):
    columns = {c["slug"]: c for c in client.get("/api/catalogue/columns").json()}
    assert columns["article21-town-7"]["name"] == "筹资筹劳"
    assert columns["article21-town-7"]["article21_level"] == "township"
    assert columns["article21-city-1"]["article21_level"] == "city_county"
    assert columns["article20-6"]["article21_level"] == ""
