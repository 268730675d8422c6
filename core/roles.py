"""The two staff roles, Editors and Publishers, and the permissions each has on every record.

Editors add, change and view every record; Publishers may also delete and
publish (the ``publish_<model>`` permissions a model declares). The groups are
brought up to date after every ``migrate``, so a record model added later is
covered without a migration of its own.
"""

from django.db.models import Q

from .models import record_models

EDITORS = "Editors"
PUBLISHERS = "Publishers"
ROLES = {"editor": EDITORS, "publisher": PUBLISHERS}
EDITOR_ACTIONS = ("add", "change", "view")
PUBLISHER_ACTIONS = (*EDITOR_ACTIONS, "delete")


def record_permissions(actions, with_publishing):
    """The permissions to take ``actions`` on every record model, and to publish them if asked."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    condition = Q()
    for model in record_models():
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
