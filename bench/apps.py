from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark's synthetic-data command (``generate_synthetic``); no models, no pages."""

    name = "bench"
    verbose_name = "Benchmark"
