"""``manage.py refresh_search``: recompute the stored search text of every searchable record.

The signals keep each record's text current as it is saved. When the rule that folds names into
search text changes (core/search.py ``fold``), the rows already stored keep the text of the old
rule until they are saved again; run this once after upgrading to such a release. Records whose
text is already current are left as they are, so running it again costs only the reading.
"""

from django.apps import apps
from django.core.management.base import BaseCommand

from core.models import SearchableModel
from core.search import refresh, stored_text


class Command(BaseCommand):
    help = "Recompute the stored search text of every searchable record whose text is out of date."

    def handle(self, **options):
        for model in apps.get_models():
            if not issubclass(model, SearchableModel):
                continue
            stale = 0
            for record in model._base_manager.iterator(chunk_size=2000):
                if record.search_text != stored_text(record.search_terms()):
                    refresh(record)
                    stale += 1
            self.stdout.write(f"{model._meta.verbose_name_plural}: {stale} refreshed")
