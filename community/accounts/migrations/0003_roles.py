"""Roles as groups: verified staff (Wagtail contributors), moderators, site admins."""

from django.db import migrations

STAFF_GROUP = "認証済み職員"
MODERATOR_GROUP = "モデレーター"
SITE_ADMIN_GROUP = "サイト管理者"

ROLE_PERMISSIONS = {
    STAFF_GROUP: [("wagtailadmin", "admin", "access_admin")],
    MODERATOR_GROUP: [
        ("wagtailadmin", "admin", "access_admin"),
        ("accounts", "staffverification", "moderate_members"),
        ("accounts", "verificationrequest", "view_verificationrequest"),
        ("audit", "auditentry", "view_auditentry"),
        ("wagtaildocs", "document", "add_document"),
        ("wagtaildocs", "document", "change_document"),
        ("wagtaildocs", "document", "delete_document"),
        ("wagtailimages", "image", "add_image"),
        ("wagtailimages", "image", "change_image"),
        ("wagtailimages", "image", "delete_image"),
    ],
    SITE_ADMIN_GROUP: [
        ("wagtailadmin", "admin", "access_admin"),
        ("accounts", "staffverification", "moderate_members"),
        ("audit", "auditentry", "view_auditentry"),
        ("municipalities", "officialdomain", "add_officialdomain"),
        ("municipalities", "officialdomain", "change_officialdomain"),
        ("municipalities", "officialdomain", "delete_officialdomain"),
    ],
}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    # Wagtail's first migration makes "Moderators" (with page publishing rights)
    # and "Editors"; ours replace them so that one role has one group.
    if not Group.objects.filter(name=MODERATOR_GROUP).exists():
        Group.objects.filter(name="Moderators").update(name=MODERATOR_GROUP)
    Group.objects.filter(name="Editors").delete()
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for group_name, permissions in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, model, codename in permissions:
            content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": codename}
            )
            group.permissions.add(permission)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_member_profile_and_staff_verification"),
        ("audit", "0001_initial"),
        ("municipalities", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
