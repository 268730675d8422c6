"""Django's admin app with the staff admin site (core/admin_site.py) as its default ``admin.site``.

Listed in INSTALLED_APPS in place of ``django.contrib.admin``, as Django documents for replacing
the default site: every ``admin.site.register`` then lands on the site that asks for a second factor.
Kept apart from core/admin_site.py, which imports models and so cannot load while apps are loading.
"""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    default_site = "core.admin_site.StaffAdminSite"
