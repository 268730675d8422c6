"""DataVersion moves here from the people app, keeping its row: the state moves, then the
table is renamed from people_dataversion, and its content type follows."""

from django.db import migrations, models


def move_content_type(apps, schema_editor, old="people", new="core"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    # A fresh database has none yet: they are made after the migrations run.
    if not ContentType.objects.filter(app_label=new, model="dataversion").exists():
        ContentType.objects.filter(app_label=old, model="dataversion").update(app_label=new)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="core", new="people")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        # Where the table was created, before this app existed.
        ("people", "0008_list_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DataVersion",
                    fields=[
                        (
                            "id",
                            models.PositiveSmallIntegerField(
                                default=1, editable=False, primary_key=True, serialize=False
                            ),
                        ),
                        ("token", models.CharField(max_length=32)),
                        ("changed_at", models.DateTimeField()),
                    ],
                    options={
                        "verbose_name": "data version",
                        "db_table": "people_dataversion",
                        "ordering": ["id"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("id", 1)),
                                name="dataversion_single_row",
                                violation_error_message="There is only one data version.",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="dataversion", table=None),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
