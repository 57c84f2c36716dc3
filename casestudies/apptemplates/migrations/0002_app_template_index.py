"""/app-templates/ under the home page; verified staff may add templates there (and
so edit their own) and submit them for moderation. To attach files and screenshots
they may add documents and images, and choose them, in the root collection."""

from django.db import migrations

from casestudies.knowledge.pages import STAFF_GROUP, create_index_page

TITLE = "アプリテンプレート"
INTRO = "kintone・LoGoフォーム・Excelなど、ほかの自治体がそのまま取り込めるアプリのひな形です。どの規模のまちが使っているかで探せます。"
COLLECTION_PERMISSIONS = [
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "choose_document"),
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "choose_image"),
]


def create_index(apps, schema_editor):
    create_index_page(
        apps, app_label="apptemplates", model_name="AppTemplateIndexPage", slug="app-templates",
        title=TITLE, intro=INTRO,
    )  # fmt: skip
    Collection = apps.get_model("wagtailcore", "Collection")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    staff, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    for app_label, model, codename in COLLECTION_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model, codename=codename
        ).first()
        if permission is not None:
            GroupCollectionPermission.objects.get_or_create(
                group=staff, collection=root, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("apptemplates", "0001_initial"),
        ("cases", "0002_case_study_index"),
        ("home", "0002_create_homepage"),
        ("accounts", "0003_roles"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]
    operations = [migrations.RunPython(create_index, migrations.RunPython.noop)]
