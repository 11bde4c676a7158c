"""A case has its own agency and a subject; the application becomes optional. Existing cases take the agency
of the application they challenge and the subject 依申请公开."""

import django.db.models.deletion
from django.db import migrations, models


def agency_from_application(apps, schema_editor):
    Appeal = apps.get_model("appeals", "Appeal")
    Application = apps.get_model("applications", "Application")
    agency_of = dict(
        Application.objects.filter(pk__in=Appeal.objects.values("application_id")).values_list(
            "pk", "agency_id"
        )
    )
    cases = list(Appeal.objects.filter(agency__isnull=True).only("pk", "application_id"))
    for case in cases:
        case.agency_id = agency_of[case.application_id]
    Appeal.objects.bulk_update(cases, ["agency"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
        ("applications", "0001_initial"),
        ("appeals", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="appeal",
            name="agency",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="appeals",
                to="agencies.agency",
                verbose_name="被申请人（被告）",
            ),
        ),
        migrations.AddField(
            model_name="appeal",
            name="subject",
            field=models.CharField(
                choices=[("application", "依申请公开"), ("proactive", "主动公开"), ("other", "其他")],
                default="application",
                max_length=12,
                verbose_name="所涉事项",
            ),
        ),
        migrations.AddField(
            model_name="appeal",
            name="matter",
            field=models.CharField(
                blank=True,
                help_text="如：不服2022年第15号申请的答复；认为未主动公开某项信息",
                max_length=300,
                verbose_name="事由",
            ),
        ),
        migrations.AlterField(
            model_name="appeal",
            name="application",
            field=models.ForeignKey(
                blank=True,
                help_text="平台上办理的申请；平台启用前的申请、主动公开或其他事项留空并填写事由",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="appeals",
                to="applications.application",
                verbose_name="所涉申请",
            ),
        ),
        migrations.RunPython(agency_from_application, migrations.RunPython.noop),
    ]
