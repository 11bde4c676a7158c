"""The case's agency is required once every existing case has it (0002); an application only for its subject.
A migration of its own: PostgreSQL will not alter a table with the data migration's pending trigger events."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("appeals", "0002_appeal_agency_subject")]

    operations = [
        migrations.AlterField(
            model_name="appeal",
            name="agency",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="appeals",
                to="agencies.agency",
                verbose_name="被申请人（被告）",
            ),
        ),
        migrations.AddConstraint(
            model_name="appeal",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("application__isnull", True), ("subject", "application"), _connector="OR"
                ),
                name="appeal_application_only_for_its_subject",
            ),
        ),
    ]
