"""/curricula/ under the home page; verified staff may add curricula there (and so
edit their own) and submit them for moderation."""

from django.db import migrations

from casestudies.knowledge.pages import create_index_page

TITLE = "研修カリキュラム"
INTRO = "職員研修のカリキュラムと教材、実施の記録です。対象・レベル・実施した自治体の規模で探せます。"


def create_index(apps, schema_editor):
    create_index_page(
        apps, app_label="curricula", model_name="CurriculumIndexPage", slug="curricula",
        title=TITLE, intro=INTRO,
    )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("curricula", "0001_initial"),
        ("apptemplates", "0002_app_template_index"),
        ("home", "0002_create_homepage"),
        ("accounts", "0003_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create_index, migrations.RunPython.noop)]
