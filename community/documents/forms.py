"""Wagtail's document form for everyone (``WAGTAILDOCS_DOCUMENT_FORM_BASE``). Import it
only once the app registry is ready: Wagtail's document forms need the models."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .uploads import check_image, check_upload


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


class DecodedImageField(WagtailImageField):
    """Wagtail's image field, which reads only an image's header: a damaged file
    (a PNG signature, then garbage) made it fail with a server error. Here the
    image is decoded to the last pixel first, and whatever fails is the form's
    error."""

    def check_image_pixel_size(self, f):
        check_image(f)
        try:
            super().check_image_pixel_size(f)
        except ValidationError:
            raise
        except Exception as error:  # Willow reading a damaged header
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error


class SafeImageForm(BaseImageForm):
    """Every image upload in Wagtail (``WAGTAILIMAGES_IMAGE_FORM_BASE``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if isinstance(field, WagtailImageField):
            # Wagtail builds the field from the model; make it the decoding one.
            field.__class__ = DecodedImageField
