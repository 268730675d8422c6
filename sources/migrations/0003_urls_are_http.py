"""A source's URL must be blank or http(s): a javascript:, vbscript: or data: address runs as a
script in the page that links it.

Before the constraint is added, any sources with another address are named, so
that ``migrate`` says which rows to correct rather than failing on the first with
the database's own message.
"""

from django.core.management.base import CommandError
from django.db import migrations, models
from django.db.models import Q


def name_addresses_that_are_not_http(apps, schema_editor):
    # What the constraint below allows, written here as migrations never import application code.
    allowed = Q(url="")
    for scheme in ("http://", "https://"):
        allowed |= Q(url__istartswith=scheme)
    Source = apps.get_model("sources", "Source")
    refused = list(Source.objects.exclude(allowed).order_by("slug").values_list("slug", "url"))
    if refused:
        rows = "; ".join(f"{slug}: {address[:80]!r}" for slug, address in refused)
        raise CommandError(
            "Cannot require source URLs to start with http:// or https://: "
            f"{len(refused)} source(s) have another address: {rows}. "
            "Correct or empty them in the admin, then migrate again."
        )


class Migration(migrations.Migration):

    dependencies = [
        ('sources', '0002_source_tables_renamed'),
    ]

    operations = [
        migrations.RunPython(name_addresses_that_are_not_http, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='source',
            constraint=models.CheckConstraint(condition=models.Q(('url', ''), ('url__istartswith', 'http://'), ('url__istartswith', 'https://'), _connector='OR'), name='source_url_http_only', violation_error_message='An address must start with http:// or https://, or be left empty.'),
        ),
    ]
