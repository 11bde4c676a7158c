from django.db import migrations


def create(apps, schema_editor):
    from gongkai_platform.catalogue import standard_columns

    standard_columns.ensure(apps.get_model("catalogue", "Column"))


class Migration(migrations.Migration):
    """The 第二十一条 columns by agency level, and 第二十条第（六）项 in its full wording."""

    dependencies = [("catalogue", "0007_vocabulary_fields")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
