"""The two staff roles and what each may do; the migration and create_staff_user both read this."""

from people import freshness

RECORD_APPS = freshness.RECORD_APPS

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
    """The app's record models: not the history tables beside them, nor the data version row."""
    return [model for model in app_config.get_models() if freshness.is_record_model(model)]
