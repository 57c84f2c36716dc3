"""The search entries of questions on staff-only boards are not public
(search.SearchEntry.public, added as true for every entry)."""

from django.db import migrations


def mark_private(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    SearchEntry = apps.get_model("search", "SearchEntry")
    Question = apps.get_model("forum", "Question")
    content_type = ContentType.objects.filter(app_label="forum", model="question").first()
    if content_type is None:  # a new database: nothing is indexed yet
        return
    SearchEntry.objects.filter(
        content_type=content_type,
        object_id__in=Question.objects.filter(board__staff_only=True).values("pk"),
    ).update(public=False)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("forum", "0005_question_merged_into"),
        ("search", "0011_entry_public"),
    ]

    operations = [migrations.RunPython(mark_private, migrations.RunPython.noop)]
