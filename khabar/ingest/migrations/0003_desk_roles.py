"""The wire desk for the newsroom's roles: everyone reads the queue, editors run
the sources, chief editors and admins set them up."""

from django.db import migrations

READ = ["ingest.view_wireitem", "ingest.view_cluster"]
ROLES = {
    "خبرنگار": READ,
    "دبیر": [*READ, "ingest.view_wiresource", "ingest.view_feed", "ingest.change_wiresource"],
    "سردبیر": [
        *READ,
        "ingest.view_wiresource",
        "ingest.add_wiresource",
        "ingest.change_wiresource",
        "ingest.view_feed",
        "ingest.add_feed",
        "ingest.change_feed",
        "ingest.delete_feed",
    ],
}
ADMIN = "مدیر سامانه"


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    assign_desk(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def assign_desk(Group, Permission):
    """Add the desk's permissions to the role groups that exist (also for tests)."""
    for name, codes in ROLES.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="ingest", codename__in=[c.split(".")[1] for c in codes]
            )
        )
    admin = Group.objects.filter(name=ADMIN).first()
    if admin is not None:
        admin.permissions.add(*Permission.objects.filter(content_type__app_label="ingest"))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wire = Permission.objects.filter(content_type__app_label="ingest")
    for group in Group.objects.filter(name__in=[*ROLES, ADMIN]):
        group.permissions.remove(*wire)


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0002_wire"),
        ("news", "0003_newsroom_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
