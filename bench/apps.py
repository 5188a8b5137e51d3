from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmarks, the scale seed and test-only servers: installed only with PORTAL_DEV_TOOLS=true."""

    name = "bench"
    verbose_name = "Benchmarks (development only)"
