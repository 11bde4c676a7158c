from django.db import migrations


def create(apps, schema_editor):
    from gongkai_platform.catalogue import standard_columns

    standard_columns.ensure(apps.get_model("catalogue", "Column"))


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
