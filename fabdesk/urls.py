from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from fabdesk.api import api
from fabdesk.core import views as core_views

urlpatterns = [
    path("", include("fabdesk.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("me/", include("fabdesk.accounts.urls")),
    path("members/", include("fabdesk.members.urls")),
    path("notifications/", include("fabdesk.notifications.urls")),
    path("tokens/", include("fabdesk.tokens.urls")),
    path("", include("fabdesk.equipment.urls")),  # machines/, spaces/, workshop/
    path("incidents/", include("fabdesk.incidents.urls")),
    path("maintenance/", include("fabdesk.maintenance.urls")),
    path("trainings/", include("fabdesk.training.urls")),
    path("opening-hours/", include("fabdesk.schedule.urls")),
    path("bookings/", include("fabdesk.booking.urls")),
    path("prints/", include("fabdesk.fabrication.urls")),
    path("events/", include("fabdesk.events.urls")),
    path("billing/", include("fabdesk.billing.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
