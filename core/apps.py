from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_migrate, post_save


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Site data"

    def ready(self):
        from django.apps import apps

        from . import freshness, permalinks, roles, search
        from .models import SearchableModel

        freshness.connect_signals()
        permalinks.connect_signals()
        post_migrate.connect(roles.sync_roles, dispatch_uid="sync-staff-roles")
        connection_created.connect(search.set_near_miss_threshold, dispatch_uid="near-miss-threshold")
        # A searchable record refreshes its search text when saved; a record holding
        # one of its names (an alias, a former name) refreshes it when saved or deleted.
        for model in apps.get_models():
            holds_a_name = hasattr(model, "search_owner")
            uid = f"search-{model._meta.label}"
            if issubclass(model, SearchableModel) or holds_a_name:
                post_save.connect(search.refresh_on_save, sender=model, dispatch_uid=uid)
            if holds_a_name:
                post_delete.connect(search.refresh_on_save, sender=model, dispatch_uid=uid)
