"""The demo loader builds a consistent world: every published item has a unique 索引号, every role can log in."""

from django.contrib.auth import authenticate
from django.core.management import call_command

from gongkai_platform.agencies.models import Agency
from gongkai_platform.catalogue.models import InformationItem, State


def test_load_demo_small(db, calendar, column, capsys):
    call_command("load_demo", items=12)
    assert Agency.objects.count() == 5
    published = InformationItem.objects.filter(state=State.PUBLISHED)
    assert published.values("index_number").distinct().count() == published.count() >= 5 * 12
    assert InformationItem.objects.filter(state=State.IN_REVIEW).exists()
    assert InformationItem.objects.filter(column__slug="annual-report").count() == 5
    assert authenticate(username="mzl-stats-editor", password="gongkai-demo-2026") is not None
    call_command("load_demo", items=12)  # a second run leaves the data alone
    assert "跳过" in capsys.readouterr().out
