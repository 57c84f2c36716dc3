"""For data migrations: create a knowledge index page (/casestudies/, /app-templates/,
/curricula/) under the home page and let verified staff add pages there.

Staff get ``add_page`` only: they create pages (and so edit their own) and submit
them for moderation; moderators publish. Stable on purpose: migrations import it.
"""

STAFF_GROUP = "認証済み職員"
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def format_path_segment(number: int) -> str:
    """treebeard's materialised-path step: base 36, four characters."""
    digits = ""
    while True:
        number, remainder = divmod(number, 36)
        digits = _ALPHABET[remainder] + digits
        if number == 0:
            break
    return digits.rjust(4, "0")


def create_index_page(apps, *, app_label: str, model_name: str, slug: str, title: str, intro: str):
    """Create the index page once (no-op without a home page or when it exists)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("home", "HomePage")
    IndexPage = apps.get_model(app_label, model_name)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    home = HomePage.objects.first()
    if home is None or IndexPage.objects.exists():
        return None
    content_type, _ = ContentType.objects.get_or_create(
        app_label=app_label, model=model_name.lower()
    )
    last_child = (
        Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
        .order_by("-path")
        .first()
    )
    number = int(last_child.path[-4:], 36) + 1 if last_child else 1
    home_numchild = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).count()
    index = IndexPage.objects.create(
        title=title, draft_title=title, slug=slug, content_type=content_type,
        path=home.path + format_path_segment(number), depth=home.depth + 1, numchild=0,
        url_path=f"{home.url_path}{slug}/", intro=intro, locale_id=home.locale_id, live=True,
    )  # fmt: skip
    Page.objects.filter(pk=home.pk).update(numchild=home_numchild + 1)

    staff, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    wagtail_page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    permission = Permission.objects.get(content_type=wagtail_page_type, codename="add_page")
    GroupPagePermission.objects.get_or_create(group=staff, page_id=index.pk, permission=permission)
    return index
