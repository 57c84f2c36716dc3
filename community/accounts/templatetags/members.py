from django import template

register = template.Library()


@register.inclusion_tag("components/member_name.html")
def member_name(member, link: bool = True):
    """A member's public name with the 「✓ 下妻市 職員」 badge while verified.

    Callers select_related("staff_municipality") so the badge costs no query.
    """
    return {
        "member": member,
        "link": link and member is not None and member.is_active and not member.deleted_at,
    }
