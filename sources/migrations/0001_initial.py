"""Source moves here from the meetings app, keeping its table, rows and history.

The model state moves (the tables stay meetings_source and
meetings_historicalsource for now, so nothing in the database changes); then
meetings 0010 points its links at sources.Source, and 0002 renames the tables.
The content types move too, so the staff groups' permissions on sources and
the admin log's entries about them stay attached.
"""

import django.db.models.deletion
import django.db.models.functions.text
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MOVED_MODELS = ("source", "historicalsource")


def move_content_types(apps, schema_editor, old="meetings", new="sources"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED_MODELS:
        # A fresh database has none yet: they are made after the migrations run.
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, old="sources", new="meetings")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0009_participation_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HistoricalSource",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("created", models.DateTimeField(blank=True, editable=False)),
                        ("updated", models.DateTimeField(blank=True, editable=False)),
                        ("slug", models.SlugField(db_index=False, max_length=100)),
                        ("headline", models.CharField(max_length=300)),
                        ("publisher", models.CharField(max_length=200)),
                        (
                            "dateline",
                            models.CharField(
                                blank=True,
                                help_text="Place printed at the start, e.g. Hanoi.",
                                max_length=100,
                            ),
                        ),
                        (
                            "published_on",
                            models.DateField(
                                blank=True,
                                help_text="Leave empty if not printed.",
                                null=True,
                                verbose_name="publication date",
                            ),
                        ),
                        (
                            "url",
                            models.URLField(
                                blank=True,
                                help_text="Leave empty if unknown.",
                                max_length=500,
                                verbose_name="URL",
                            ),
                        ),
                        (
                            "note",
                            models.TextField(
                                blank=True, help_text="What the source leaves out or gets wrong."
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical source",
                        "verbose_name_plural": "historical sources",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                        "db_table": "meetings_historicalsource",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="Source",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        ("updated", models.DateTimeField(auto_now=True)),
                        ("slug", models.SlugField(db_index=False, max_length=100)),
                        ("headline", models.CharField(max_length=300)),
                        ("publisher", models.CharField(max_length=200)),
                        (
                            "dateline",
                            models.CharField(
                                blank=True,
                                help_text="Place printed at the start, e.g. Hanoi.",
                                max_length=100,
                            ),
                        ),
                        (
                            "published_on",
                            models.DateField(
                                blank=True,
                                help_text="Leave empty if not printed.",
                                null=True,
                                verbose_name="publication date",
                            ),
                        ),
                        (
                            "url",
                            models.URLField(
                                blank=True,
                                help_text="Leave empty if unknown.",
                                max_length=500,
                                verbose_name="URL",
                            ),
                        ),
                        (
                            "note",
                            models.TextField(
                                blank=True, help_text="What the source leaves out or gets wrong."
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["headline"],
                        "db_table": "meetings_source",
                        "constraints": [
                            models.UniqueConstraint(fields=("slug",), name="source_slug_unique"),
                            models.CheckConstraint(
                                condition=models.Q(("slug", django.db.models.functions.text.Lower("slug"))),
                                name="source_slug_lowercase",
                                violation_error_message="Slugs are written in lower case.",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
