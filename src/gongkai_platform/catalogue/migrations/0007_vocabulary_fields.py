import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The item's 主题分类/体裁分类 become references to the vocabularies filled in by 0006."""

    dependencies = [("catalogue", "0006_seed_vocabularies_and_periods")]

    operations = [
        migrations.RemoveField(model_name="informationitem", name="topic"),
        migrations.RemoveField(model_name="informationitem", name="genre"),
        migrations.RenameField(model_name="informationitem", old_name="topic_ref", new_name="topic"),
        migrations.RenameField(model_name="informationitem", old_name="genre_ref", new_name="genre"),
        migrations.AlterField(
            model_name="informationitem",
            name="topic",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="items",
                to="catalogue.topic",
                verbose_name="主题分类",
            ),
        ),
        migrations.AlterField(
            model_name="informationitem",
            name="genre",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="items",
                to="catalogue.genre",
                verbose_name="体裁分类",
            ),
        ),
        migrations.AlterField(
            model_name="indexnumbersequence",
            name="period",
            field=models.CharField(max_length=6, verbose_name="年或年月"),
        ),
        migrations.AddConstraint(
            model_name="indexnumbersequence",
            constraint=models.UniqueConstraint(
                fields=("agency", "period"), name="unique_index_period_sequence"
            ),
        ),
        migrations.AddConstraint(
            model_name="informationitem",
            constraint=models.UniqueConstraint(
                condition=models.Q(("index_serial__isnull", False)),
                fields=("agency", "index_period", "index_serial"),
                name="unique_index_serial",
            ),
        ),
    ]
