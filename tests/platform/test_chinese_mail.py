"""E-mail is Chinese: what the applicant is sent at each step, and the handlers' deadline reminders, hold no
English word (the word finder of test_chinese_ui; the case's 查询码 is an identifier)."""

from datetime import date

import pytest

from gongkai_platform.agencies.models import Role
from gongkai_platform.applications import reminders, services
from tests.platform.test_applications_workflow import counter, seeded_calendar, user  # noqa: F401
from tests.platform.test_chinese_ui import english_words

pytestmark = pytest.mark.django_db


def test_the_applicants_mail_is_chinese(tree, mailoutbox, django_capture_on_commit_callbacks):
    clerk = user("clerk", tree["stats"], Role.CASEWORKER)
    with django_capture_on_commit_callbacks(execute=True):
        app = counter(clerk, tree["stats"], received=date(2025, 3, 3))
        services.request_correction(clerk, app, date(2025, 3, 5), 10, "请说明所需信息的具体年份和文件名称")
    assert len(mailoutbox) >= 2
    for mail in mailoutbox:
        text = (mail.subject + "\n" + mail.body).replace(app.tracking_number, "")
        assert mail.subject.startswith("【满洲里市统计局】"), mail.subject
        assert not english_words(text), (mail.subject, english_words(text))


def test_the_handlers_reminders_are_chinese(tree, mailoutbox):
    clerk = user("clerk", tree["stats"], Role.CASEWORKER)
    app = counter(clerk, tree["stats"], received=date(2025, 3, 3))  # due 2025-03-31
    assert reminders.remind(date(2025, 4, 7)) == {"mzl-stats": 1}
    (mail,) = mailoutbox
    assert mail.subject == "依申请公开期限提醒：满洲里市统计局" and app.number in mail.body
    assert not english_words(mail.subject + mail.body.replace(app.tracking_number, ""))
