"""Roles as groups with permissions: reporter, editor, chief editor, admin."""

from django.db import migrations

REPORTER = [
    "news.view_article",
    "news.add_article",
    "news.change_article",
    "news.submit_article",
    "news.view_category",
    "news.view_tag",
    "news.add_tag",
    "news.view_source",
    "news.view_image",
    "news.add_image",
    "news.view_revision",
]
EDITOR = [
    *REPORTER,
    "news.edit_any_article",
    "news.publish_article",
    "news.change_image",
    "news.change_tag",
    "news.add_source",
    "news.change_source",
    "news.view_articleevent",
    "news.view_correction",
    "news.view_legacyalias",
]
CHIEF_EDITOR = [
    *EDITOR,
    "news.correct_article",
    "news.takedown_article",
    "news.all_categories",
    "news.curate_homepage",
    "news.view_featuredarticle",
    "news.add_featuredarticle",
    "news.change_featuredarticle",
    "news.delete_featuredarticle",
    "news.view_breakingnews",
    "news.add_breakingnews",
    "news.change_breakingnews",
    "news.delete_breakingnews",
    "news.change_category",
    "news.add_category",
]
ROLES = {
    "خبرنگار": REPORTER,
    "دبیر": EDITOR,
    "سردبیر": CHIEF_EDITOR,
}
ADMIN = "مدیر سامانه"
ADMIN_APPS = ("news", "auth")


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    assign_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def assign_roles(Group, Permission):
    """Make the four groups and give them their permissions (also used by tests
    that need the roles back after a transactional test flushed the tables)."""

    def perms(codes):
        found = []
        for code in codes:
            app_label, codename = code.split(".")
            found.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        return found

    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(perms(codes))
    admin, _ = Group.objects.get_or_create(name=ADMIN)
    admin.permissions.set(Permission.objects.filter(content_type__app_label__in=ADMIN_APPS))


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[*ROLES, ADMIN]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_newsroom_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
