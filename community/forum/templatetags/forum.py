from django import template

from ..models import Question
from ..permissions import filter_visible_questions

register = template.Library()

CITING_LIMIT = 10


@register.inclusion_tag("forum/includes/questions_citing.html", takes_context=True)
def questions_citing(context, page):
    """Questions that cite ``page`` (a case study, template or curriculum) and that the
    reader may see: ``{% load forum %}{% questions_citing page %}``. One query."""
    request = context.get("request")
    user = getattr(request, "user", None)
    questions = filter_visible_questions(
        user, Question.objects.filter(citations__page=page).select_related("board")
    ).order_by("-last_activity_at")[:CITING_LIMIT]
    return {"questions": list(questions), "page": page}
