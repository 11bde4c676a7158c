"""The API documentation is Chinese: every operation has a Chinese summary and tag, responses are described in
Chinese, the docs page lists them all, and an API's root address leads to its docs instead of a 404."""

import re

import pytest

CJK = re.compile(r"[\u4e00-\u9fff]")
APIS = ("/api", "/yisqing/api")


@pytest.mark.parametrize("root", APIS)
def test_the_root_address_leads_to_the_docs(client, root):
    response = client.get(f"{root}/", follow=True)
    assert response.redirect_chain == [(f"{root}/docs", 302)]
    assert response.status_code == 200 and "接口说明" in response.content.decode()


@pytest.mark.parametrize("root", APIS)
def test_every_operation_is_named_and_described_in_chinese(client, root):
    schema = client.get(f"{root}/openapi.json").json()
    page = client.get(f"{root}/docs").content.decode()
    assert CJK.search(schema["info"]["title"]) and CJK.search(schema["info"]["description"])
    operations = [op for item in schema["paths"].values() for op in item.values()]
    assert operations
    for op in operations:
        assert CJK.search(op["summary"]), op["summary"]
        assert all(CJK.search(tag) for tag in op["tags"]), op["tags"]
        assert op["summary"] in page and op["tags"][0] in page
        for code, response in op["responses"].items():
            assert CJK.search(response["description"]), (op["summary"], code)


def test_staff_operations_of_the_applications_api(client):
    summaries = {
        op["summary"]
        for item in client.get("/yisqing/api/openapi.json").json()["paths"].values()
        for op in item.values()
    }
    assert summaries == {"在线提交申请", "查询办理进度", "申请列表", "年度报告表三、表四数据", "办理申请"}


def test_fields_carry_chinese_titles(client):
    schema = client.get("/yisqing/api/openapi.json").json()["components"]["schemas"]
    assert schema["ApplicationIn"]["properties"]["applicant_name"]["title"] == ("申请人姓名或名称")
    assert schema["StatusOut"]["properties"]["tracking_number"]["title"] == "查询码"


@pytest.mark.parametrize("root", APIS)
def test_swagger_stays_available_for_trying_calls(client, root):
    page = client.get(f"{root}/docs/swagger/").content.decode()
    assert "swagger-ui" in page and f"{root}/openapi.json" in page
