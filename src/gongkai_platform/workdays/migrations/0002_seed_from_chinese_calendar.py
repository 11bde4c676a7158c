from django.db import migrations


def seed(apps, schema_editor):
    from gongkai_platform.workdays import seeding

    seeding.seed(
        apps.get_model("workdays", "CalendarYear"),
        apps.get_model("workdays", "Holiday"),
        apps.get_model("workdays", "AdjustedWorkday"),
    )


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
