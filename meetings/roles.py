"""The two staff roles and what each may do; the migration and create_staff_user both read this."""

RECORD_APPS = ("people", "meetings")
EDITORS = "Editors"
PUBLISHERS = "Publishers"
ROLES = {"editor": EDITORS, "publisher": PUBLISHERS}
PUBLISH_PERMISSIONS = ("publish_meeting", "publish_declaration")


def permission_codenames(role, model_names):
    """Editors add, change and view every record; publishers also delete and publish."""
    actions = ["add", "change", "view"] + (["delete"] if role == PUBLISHERS else [])
    codenames = [f"{action}_{model}" for model in model_names for action in actions]
    if role == PUBLISHERS:
        codenames += PUBLISH_PERMISSIONS
    return codenames


def record_models(app_config):
    """The app's own models, without the history tables django-simple-history adds beside them."""
    return [model for model in app_config.get_models() if not hasattr(model, "instance_type")]
