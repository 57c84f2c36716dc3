"""``{% submission_token form %}``: the hidden one-time token, for a form whose fields
a template writes by hand (forms rendered through components/form_fields.html
carry it already)."""

import uuid

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def submission_token(form=None):
    value = form["submission"].value() if form is not None and "submission" in form.fields else None
    return format_html('<input type="hidden" name="submission" value="{}">', value or uuid.uuid4())
