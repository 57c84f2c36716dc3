"""/casestudies/ under the home page; verified staff may add (and so edit their
own) case studies there and submit them for moderation, not publish them."""

from django.db import migrations

from casestudies.knowledge.pages import create_index_page

TITLE = "事例"
INTRO = "人口規模・予算・ツールで絞り込んで、同じ規模のまちの取り組みを探せます。"


def create_index(apps, schema_editor):
    create_index_page(
        apps, app_label="cases", model_name="CaseStudyIndexPage", slug="casestudies",
        title=TITLE, intro=INTRO,
    )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("home", "0002_create_homepage"),
        ("accounts", "0003_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create_index, migrations.RunPython.noop)]
