"""An organisation's website must be blank or http(s): a javascript:, vbscript: or data:
address runs as a script in the page that links it.

Before the constraint is added, any organisations with another address are named, so
that ``migrate`` says which rows to correct rather than failing on the first with
the database's own message.
"""

from django.core.management.base import CommandError
from django.db import migrations, models
from django.db.models import Q


def name_addresses_that_are_not_http(apps, schema_editor):
    # What the constraint below allows, written here as migrations never import application code.
    allowed = Q(website="")
    for scheme in ("http://", "https://"):
        allowed |= Q(website__istartswith=scheme)
    Organisation = apps.get_model("people", "Organisation")
    refused = list(Organisation.objects.exclude(allowed).order_by("slug").values_list("slug", "website"))
    if refused:
        rows = "; ".join(f"{slug}: {address[:80]!r}" for slug, address in refused)
        raise CommandError(
            "Cannot require organisation websites to start with http:// or https://: "
            f"{len(refused)} organisation(s) have another address: {rows}. "
            "Correct or empty them in the admin, then migrate again."
        )


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0009_data_version_moved_to_core'),
    ]

    operations = [
        migrations.RunPython(name_addresses_that_are_not_http, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.CheckConstraint(condition=models.Q(('website', ''), ('website__istartswith', 'http://'), ('website__istartswith', 'https://'), _connector='OR'), name='organisation_website_http_only', violation_error_message='An address must start with http:// or https://, or be left empty.'),
        ),
    ]
