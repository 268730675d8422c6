"""Source has moved to the sources app: the links to it now say so. The database is unchanged."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0009_participation_indexes"),
        ("sources", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="historicaloutcome",
                    name="source",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sources.source",
                    ),
                ),
                migrations.AlterField(
                    model_name="meetingdeclaration",
                    name="source",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="declaration_links",
                        to="sources.source",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalmeetingdeclaration",
                    name="source",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sources.source",
                    ),
                ),
                migrations.AlterField(
                    model_name="chairmanship",
                    name="source",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="chairmanships",
                        to="sources.source",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalchairmanship",
                    name="source",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sources.source",
                    ),
                ),
                migrations.AlterField(
                    model_name="participation",
                    name="source",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="participations",
                        to="sources.source",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalparticipation",
                    name="source",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sources.source",
                    ),
                ),
                migrations.AlterField(
                    model_name="outcome",
                    name="source",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="outcomes",
                        to="sources.source",
                    ),
                ),
                migrations.AlterField(
                    model_name="declaration",
                    name="sources",
                    field=models.ManyToManyField(
                        blank=True, related_name="declarations", to="sources.source"
                    ),
                ),
                migrations.AlterField(
                    model_name="meeting",
                    name="sources",
                    field=models.ManyToManyField(blank=True, related_name="meetings", to="sources.source"),
                ),
                migrations.DeleteModel(
                    name="HistoricalSource",
                ),
                migrations.DeleteModel(
                    name="Source",
                ),
            ],
            database_operations=[],
        ),
    ]
