from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from yokoten.pagination import paginate

from . import services
from .forms import PreferencesForm
from .models import Notification
from .registry import visible_target_keys


@login_required
@never_cache
def inbox(request):
    if request.method == "POST":  # "Mark all as read"
        if services.mark_all_read(request.user):
            messages.success(request, _("Marked every notification as read."))
        return redirect("notifications:inbox")
    notifications = Notification.objects.for_member(request.user).select_related("actor")
    page, query = paginate(request, notifications, per_page=30)
    visible = visible_target_keys(request.user, page.object_list)
    for notification in page.object_list:
        notification.available = notification.target_key in visible
    return render(request, "notifications/inbox.html", {"page": page, "query": query})


@login_required
def open_notification(request, pk: int):
    """Mark one item read and go to what it is about (if the member may still see it)."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_read(request.user, notification)
    visible = visible_target_keys(request.user, [notification])
    if notification.target_key not in visible or not (
        url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None)
    ):
        messages.info(request, _("What this notification was about is no longer available."))
        return redirect("notifications:inbox")
    return redirect(notification.url)


@login_required
@never_cache
def preferences(request):
    initial = {
        **services.preferences_of(request.user),
        "frequency": services.digest_frequency_of(request.user),
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_preferences(request.user, form.deliveries(), form.cleaned_data["frequency"])
        messages.success(request, _("Your email settings are saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})
