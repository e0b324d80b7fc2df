from django.contrib import admin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only view for admins: who holds which token. Secrets are never stored, so never
    shown; tokens are created on /tokens/ or with `fabdesk create-token`."""

    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at", "secret_hash"]
    fields = [*readonly_fields, "expires_at", "revoked_at"]

    def has_add_permission(self, request) -> bool:
        return False
