from django.contrib import admin

from fabdesk.core.admin import ReadOnlyMixin

from .models import MemberGroup, User


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Members are changed in Fabdesk's own pages (/members/), where every change goes through
    the services and lands in the audit log; the admin site only shows them."""


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = [
        "email",
        "first_name",
        "last_name",
        "lab",
        "member_group",
        "status",
        "date_joined",
    ]
    list_filter = ["lab", "status", "member_group", "groups"]
    search_fields = ["email", "first_name", "last_name", "organisation"]
    list_select_related = ["lab", "member_group"]
    exclude = ["password", "user_permissions"]


@admin.register(MemberGroup)
class MemberGroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "lab", "is_default", "position"]
    list_filter = ["lab"]
