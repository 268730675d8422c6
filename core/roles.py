"""The two staff roles, Editors and Publishers, and the permissions each has on every record.

Editors add, change and view every record; Publishers may also delete and
publish (the ``publish_<model>`` permissions a model declares). The groups are
brought up to date after every ``migrate``, so a record model added later is
covered without a migration of its own.

Staff work on a few models that are not records (their changes are no new data
version), such as the article imports: a higher layer names those with
``add_role_models`` from its admin module, which is imported before ``migrate``
runs, and the roles get the same permissions on them.
"""

from django.db.models import Q

from .models import record_models

EDITORS = "Editors"
PUBLISHERS = "Publishers"
ROLES = {"editor": EDITORS, "publisher": PUBLISHERS}
EDITOR_ACTIONS = ("add", "change", "view")
PUBLISHER_ACTIONS = (*EDITOR_ACTIONS, "delete")
# Models beyond the records that the roles work on, named by higher layers (add_role_models).
_role_models = []


def add_role_models(*models):
    """Give the roles their permissions on ``models`` too, from the next ``migrate`` on."""
    _role_models.extend(model for model in models if model not in _role_models)


def role_models():
    """Every model the roles work on: the records and those named with ``add_role_models``."""
    records = record_models()
    return [*records, *(model for model in _role_models if model not in records)]


def record_permissions(actions, with_publishing):
    """The permissions to take ``actions`` on every model of the roles, and to publish them if asked."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    condition = Q()
    for model in role_models():
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        codenames = [f"{action}_{model._meta.model_name}" for action in actions]
        condition |= Q(content_type=content_type, codename__in=codenames)
        if with_publishing:
            condition |= Q(content_type=content_type, codename__startswith="publish_")
    return Permission.objects.filter(condition)


def sync_roles(**kwargs):
    """Create the groups if missing and give them every permission their role has (post_migrate).

    Only adds: a permission staff took away from a group by hand on purpose
    stays away until it is granted again.
    """
    from django.contrib.auth.models import Group

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(*record_permissions(EDITOR_ACTIONS, with_publishing=False))
    publishers, _ = Group.objects.get_or_create(name=PUBLISHERS)
    publishers.permissions.add(*record_permissions(PUBLISHER_ACTIONS, with_publishing=True))
