from django.apps import AppConfig
from django.db.models.signals import post_save


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings, declarations and sources"

    def ready(self):
        from people import search

        from .models import Declaration, Meeting

        for model in (Meeting, Declaration):
            post_save.connect(search.refresh_on_save, sender=model, dispatch_uid=f"search-{model.__name__}")
