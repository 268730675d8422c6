"""Organisations gain founding and dissolution dates (each with its precision), and officials,
organisations and countries the identifiers other registers (Wikidata) issue them."""

import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0010_urls_are_http'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalIdentifier',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created', models.DateTimeField(blank=True, editable=False)),
                ('updated', models.DateTimeField(blank=True, editable=False)),
                ('scheme', models.CharField(choices=[('wikidata', 'Wikidata')], default='wikidata', max_length=20)),
                ('identifier', models.CharField(help_text='As the register writes it, e.g. Q881 for Viet Nam on Wikidata.', max_length=50)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical identifier',
                'verbose_name_plural': 'historical identifiers',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Identifier',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('updated', models.DateTimeField(auto_now=True)),
                ('scheme', models.CharField(choices=[('wikidata', 'Wikidata')], default='wikidata', max_length=20)),
                ('identifier', models.CharField(help_text='As the register writes it, e.g. Q881 for Viet Nam on Wikidata.', max_length=50)),
            ],
            options={
                'ordering': ['scheme', 'identifier'],
            },
        ),
        migrations.AddField(
            model_name='historicalorganisation',
            name='dissolution_date',
            field=models.DateField(blank=True, help_text='When it was dissolved; leave empty if it still exists or unknown.', null=True),
        ),
        migrations.AddField(
            model_name='historicalorganisation',
            name='dissolution_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], default='day', max_length=5),
        ),
        migrations.AddField(
            model_name='historicalorganisation',
            name='founding_date',
            field=models.DateField(blank=True, help_text='When it was founded or established; leave empty if unknown.', null=True),
        ),
        migrations.AddField(
            model_name='historicalorganisation',
            name='founding_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], default='day', max_length=5),
        ),
        migrations.AddField(
            model_name='organisation',
            name='dissolution_date',
            field=models.DateField(blank=True, help_text='When it was dissolved; leave empty if it still exists or unknown.', null=True),
        ),
        migrations.AddField(
            model_name='organisation',
            name='dissolution_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], default='day', max_length=5),
        ),
        migrations.AddField(
            model_name='organisation',
            name='founding_date',
            field=models.DateField(blank=True, help_text='When it was founded or established; leave empty if unknown.', null=True),
        ),
        migrations.AddField(
            model_name='organisation',
            name='founding_precision',
            field=models.CharField(choices=[('day', 'Day'), ('month', 'Month'), ('year', 'Year')], default='day', max_length=5),
        ),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.CheckConstraint(condition=models.Q(('dissolution_date__isnull', True), ('founding_date__isnull', True), ('dissolution_date__gte', models.F('founding_date')), _connector='OR'), name='organisation_dissolved_not_before_founded', violation_error_message='The dissolution date cannot be before the start.'),
        ),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.CheckConstraint(condition=models.Q(('founding_precision__in', ['day', 'month', 'year'])), name='organisation_founding_precision_valid', violation_error_message='Founding precision must be one of: day, month, year.'),
        ),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.CheckConstraint(condition=models.Q(('dissolution_precision__in', ['day', 'month', 'year'])), name='organisation_dissolution_precision_valid', violation_error_message='Dissolution precision must be one of: day, month, year.'),
        ),
        migrations.AddField(
            model_name='historicalidentifier',
            name='country',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='people.country'),
        ),
        migrations.AddField(
            model_name='historicalidentifier',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalidentifier',
            name='official',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='people.official'),
        ),
        migrations.AddField(
            model_name='historicalidentifier',
            name='organisation',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='people.organisation'),
        ),
        migrations.AddField(
            model_name='identifier',
            name='country',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='identifiers', to='people.country'),
        ),
        migrations.AddField(
            model_name='identifier',
            name='official',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='identifiers', to='people.official'),
        ),
        migrations.AddField(
            model_name='identifier',
            name='organisation',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='identifiers', to='people.organisation'),
        ),
        migrations.AddConstraint(
            model_name='identifier',
            constraint=models.UniqueConstraint(fields=('scheme', 'identifier'), name='identifier_issued_once', violation_error_message='Another record already has this identifier.'),
        ),
        migrations.AddConstraint(
            model_name='identifier',
            constraint=models.UniqueConstraint(fields=('official', 'scheme'), name='identifier_one_per_official_and_scheme', violation_error_message='This official already has an identifier in this scheme.'),
        ),
        migrations.AddConstraint(
            model_name='identifier',
            constraint=models.UniqueConstraint(fields=('organisation', 'scheme'), name='identifier_one_per_organisation_and_scheme', violation_error_message='This organisation already has an identifier in this scheme.'),
        ),
        migrations.AddConstraint(
            model_name='identifier',
            constraint=models.UniqueConstraint(fields=('country', 'scheme'), name='identifier_one_per_country_and_scheme', violation_error_message='This country already has an identifier in this scheme.'),
        ),
        migrations.AddConstraint(
            model_name='identifier',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('country__isnull', True), ('official__isnull', False), ('organisation__isnull', True)), models.Q(('country__isnull', True), ('official__isnull', True), ('organisation__isnull', False)), models.Q(('country__isnull', False), ('official__isnull', True), ('organisation__isnull', True)), _connector='OR'), name='identifier_of_exactly_one_record', violation_error_message='An identifier belongs to exactly one official, organisation or country.'),
        ),
        migrations.AddConstraint(
            model_name='identifier',
            constraint=models.CheckConstraint(condition=models.Q(('scheme__in', ['wikidata'])), name='identifier_scheme_valid', violation_error_message='Scheme must be one of: wikidata.'),
        ),
        migrations.AddConstraint(
            model_name='identifier',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('scheme', 'wikidata'), _negated=True), models.Q(django.db.models.lookups.Exact(django.db.models.functions.text.Substr('identifier', 1, 1), 'Q'), django.db.models.lookups.GreaterThan(django.db.models.functions.text.Length('identifier'), 1), django.db.models.lookups.In(django.db.models.functions.text.Substr('identifier', 2, 1), ['1', '2', '3', '4', '5', '6', '7', '8', '9']), django.db.models.lookups.Exact(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Replace(django.db.models.functions.text.Substr('identifier', 2), models.Value('0')), models.Value('1')), models.Value('2')), models.Value('3')), models.Value('4')), models.Value('5')), models.Value('6')), models.Value('7')), models.Value('8')), models.Value('9')), '')), _connector='OR'), name='identifier_wikidata_format', violation_error_message='A Wikidata id is Q followed by a number, e.g. Q881.'),
        ),
    ]
