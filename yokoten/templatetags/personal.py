"""``{% personal "name" arg=value … %}``: a part of a shared page that belongs to
the member reading it, rendered by the function registered under ``name``
(yokoten/member_cache.py). While the member page cache is storing the page, the
output is marked so that the shared copy keeps a placeholder in its place."""

from django import template

from yokoten.member_cache import render_personal_part

register = template.Library()


@register.simple_tag(takes_context=True)
def personal(context, name: str, **arguments):
    with context.push():
        return render_personal_part(context["request"], name, arguments, context)
