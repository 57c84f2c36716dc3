"""/casestudies/ under the home page; verified staff may add (and so edit their
own) case studies there and submit them for moderation, not publish them."""

from django.db import migrations

TITLE = "事例"
INTRO = "人口規模・予算・ツールで絞り込んで、同じ規模のまちの取り組みを探せます。"
STAFF_GROUP = "認証済み職員"


def create_index(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("home", "HomePage")
    IndexPage = apps.get_model("cases", "CaseStudyIndexPage")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")

    home = HomePage.objects.first()
    if home is None or IndexPage.objects.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="cases", model="casestudyindexpage")
    last_child = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).order_by("-path").first()
    number = int(last_child.path[-4:], 36) + 1 if last_child else 1
    path = home.path + format_path_segment(number)
    index = IndexPage.objects.create(
        title=TITLE, draft_title=TITLE, slug="casestudies", content_type=content_type, path=path,
        depth=home.depth + 1, numchild=0, url_path=f"{home.url_path}casestudies/", intro=INTRO,
        locale_id=home.locale_id, live=True,
    )  # fmt: skip
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)

    staff, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    wagtail_page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    for codename in ("add_page",):  # add = create, and edit only their own pages
        permission = Permission.objects.get(content_type=wagtail_page_type, codename=codename)
        GroupPagePermission.objects.get_or_create(group=staff, page_id=index.pk, permission=permission)


def format_path_segment(number: int) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    digits = ""
    while True:
        number, remainder = divmod(number, 36)
        digits = alphabet[remainder] + digits
        if number == 0:
            break
    return digits.rjust(4, "0")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("home", "0002_create_homepage"),
        ("accounts", "0003_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create_index, migrations.RunPython.noop)]
