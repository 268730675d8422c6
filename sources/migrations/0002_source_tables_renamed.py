"""The source tables take this app's names: meetings_source becomes sources_source.

PostgreSQL and SQLite (3.26 and later) carry the foreign keys of the tables
that refer to them over to the new names.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0001_initial"),
        # Every link to Source points at this app's model before its table moves.
        ("meetings", "0010_source_moved_to_sources"),
    ]

    operations = [
        migrations.AlterModelTable(name="source", table=None),
        migrations.AlterModelTable(name="historicalsource", table=None),
    ]
