"""Mounted at /bench/ only when BENCH_BARE_VIEW is on (``yokoten.settings.bench``)."""

from django.urls import path

from .bench import bare

urlpatterns = [path("bare/", bare)]
