from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People, organisations and countries"

    def ready(self):
        from . import freshness, search

        freshness.connect_signals()
        from .models import Country, Official, OfficialAlias, Organisation, OrganisationName

        for model in (Country, Organisation, OrganisationName, Official, OfficialAlias):
            post_save.connect(search.refresh_on_save, sender=model, dispatch_uid=f"search-{model.__name__}")
        for model in (OrganisationName, OfficialAlias):
            post_delete.connect(
                search.refresh_on_save, sender=model, dispatch_uid=f"search-del-{model.__name__}"
            )
