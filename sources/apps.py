from django.apps import AppConfig
from django.db.models.signals import post_delete


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Sources"

    def ready(self):
        from core.models import record_models

        from .models import Citation, delete_citations_of

        cited = [model for model in record_models() if model is not Citation]
        # Dumped after every record it may name, so a dump loads back in one pass.
        Citation.natural_key.dependencies = ["sources.source", *(model._meta.label_lower for model in cited)]
        for model in cited:
            post_delete.connect(
                delete_citations_of, sender=model, dispatch_uid=f"citations-of-{model._meta.label}"
            )
