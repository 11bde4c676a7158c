"""An index for the portal's column pages: one agency's published items in one column, newest first, so the
page and its count read a narrow index range instead of every item of the agency. (It belongs with the
catalogue's model indexes; created here, by plain SQL that both databases accept, until it moves there.)"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("catalogue", "0002_standard_columns"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS portal_item_listing ON catalogue_informationitem "
            "(agency_id, column_id, state, published_on DESC, id DESC)",
            "DROP INDEX IF EXISTS portal_item_listing",
        ),
    ]
