from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "imports"
    # Not "Article imports", its one list's name: the breadcrumb would say the same words twice.
    verbose_name = "Imports"
