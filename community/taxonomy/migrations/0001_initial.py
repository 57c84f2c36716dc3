"""Tools and categories move here from ``knowledge`` (casestudies), so that the
community wing (visit offers, the forum) can point at them too. The tables were
``knowledge_tool`` and ``knowledge_category``; the rows, their ids and the
content types (with the permissions on them) move as they are."""

from django.db import migrations, models


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for model in ("tool", "category"):
        old = ContentType.objects.filter(app_label="knowledge", model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label="taxonomy", model=model).first()
        if new is None:
            old.app_label = "taxonomy"
            old.save(update_fields=["app_label"])
            continue
        for permission in Permission.objects.filter(content_type=old):
            if Permission.objects.filter(content_type=new, codename=permission.codename).exists():
                continue
            permission.content_type = new
            permission.save(update_fields=["content_type"])
        old.delete()


def term_fields():
    return [
        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
        ("name", models.CharField(max_length=50, unique=True, verbose_name="name")),
        ("slug", models.SlugField(allow_unicode=True, unique=True, verbose_name="slug")),
        ("sort_order", models.PositiveSmallIntegerField(default=100, verbose_name="order")),
    ]  # fmt: skip


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("knowledge", "0002_seed_tools_and_categories"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Tool",
                    fields=term_fields(),
                    options={
                        "verbose_name": "tool",
                        "verbose_name_plural": "tools",
                        "ordering": ["sort_order", "name"],
                        "abstract": False,
                        "db_table": "knowledge_tool",
                    },
                ),
                migrations.CreateModel(
                    name="Category",
                    fields=term_fields(),
                    options={
                        "verbose_name": "category",
                        "verbose_name_plural": "categories",
                        "ordering": ["sort_order", "name"],
                        "abstract": False,
                        "db_table": "knowledge_category",
                    },
                ),
            ]
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
