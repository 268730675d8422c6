"""Create the Editors and Publishers groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from meetings.roles import EDITORS, PUBLISHERS, RECORD_APPS, permission_codenames, record_models


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations have run; make
    # them now so that the groups can be given them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in (EDITORS, PUBLISHERS):
        group, _ = Group.objects.get_or_create(name=role)
        for app_label in RECORD_APPS:
            model_names = [m._meta.model_name for m in record_models(apps.get_app_config(app_label))]
            permissions = Permission.objects.filter(
                content_type__app_label=app_label, codename__in=permission_codenames(role, model_names)
            )
            group.permissions.add(*permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, PUBLISHERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0005_history"),
        ("people", "0005_history"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
