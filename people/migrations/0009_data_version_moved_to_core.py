"""DataVersion has moved to the core app (core 0001 took its table)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0008_list_indexes"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name="DataVersion",
                ),
            ],
            database_operations=[],
        ),
    ]
