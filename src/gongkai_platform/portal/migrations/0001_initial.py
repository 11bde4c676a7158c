import uuid

from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("portal", "SiteVersion").objects.create(pk=1, token=uuid.uuid4().hex)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SiteVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=32)),
            ],
            options={"verbose_name": "公开网站版本", "verbose_name_plural": "公开网站版本"},
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
