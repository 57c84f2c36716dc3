"""Wagtail's document form for everyone (``WAGTAILDOCS_DOCUMENT_FORM_BASE``). Import it
only once the app registry is ready: Wagtail's document forms need the models."""

from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from .uploads import check_upload


class SafeDocumentForm(BaseDocumentForm):
    """Every document upload in Wagtail (``WAGTAILDOCS_DOCUMENT_FORM_BASE``) is checked
    by content and structure before anything is stored."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            field.error_messages["file_too_large"] = _(
                "This file is %(file_size)s; files may be at most %(max_filesize)s. "
                "Split it or make it smaller."
            )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            check_upload(upload, upload.name)
        return upload

    def _post_clean(self):
        """Keep only our reason for a refused file: Wagtail's extension check would add
        a confusing second message about the (unsaved) file's empty name."""
        refused = list(self.errors.get("file", []))
        super()._post_clean()
        if refused:
            self.errors["file"] = self.error_class(refused)
