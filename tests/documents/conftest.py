"""Uploads write into a media folder of each test's own (never var/media), with the
documents the app-template tests build."""

from tests.apptemplates.conftest import (  # noqa: F401
    document_factory,
    media_root,
    template_factory,
    template_index,
)
