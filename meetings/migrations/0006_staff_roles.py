"""Create the Editors and Publishers groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


# What the roles were when this migration was written; core/roles.py keeps the
# groups current after every migrate from then on.
EDITORS = "Editors"
PUBLISHERS = "Publishers"
RECORD_MODELS = {
    "people": ["country", "organisation", "organisationname", "official", "officialalias", "position"],
    "meetings": [
        "source",
        "meeting",
        "declaration",
        "meetingdeclaration",
        "participation",
        "outcome",
        "chairmanship",
    ],
}
PUBLISH_PERMISSIONS = ("publish_meeting", "publish_declaration")


def permission_codenames(role, model_names):
    """Editors add, change and view every record; publishers also delete and publish."""
    actions = ["add", "change", "view"] + (["delete"] if role == PUBLISHERS else [])
    codenames = [f"{action}_{model}" for model in model_names for action in actions]
    if role == PUBLISHERS:
        codenames += PUBLISH_PERMISSIONS
    return codenames


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
        for app_label, model_names in RECORD_MODELS.items():
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
