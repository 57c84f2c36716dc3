"""The Django admin, for site admins whose session passed the second factor.

Its own log-in and password pages are not ways in: they lead to allauth's
(confirmation, rate limits, second factor) through ``accounts:second_factor``.
(This module is named in INSTALLED_APPS, so it imports no models.)
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .permissions import may_use_django_admin


class SecondFactorAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return may_use_django_admin(request.user)

    def login(self, request, extra_context=None):
        after = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect(f"{reverse('accounts:second_factor')}?{urlencode({'next': after})}")

    def password_change(self, request, extra_context=None):
        return redirect("account_change_password")


class SecondFactorAdminConfig(AdminConfig):
    default_site = "community.accounts.admin_site.SecondFactorAdminSite"
