from django.contrib import admin

from innovation import permissions
from innovation.models import Export


class SecretariatOnly:
    """Admin screens that only the secretariat sees and edits."""

    def has_module_permission(self, request):
        return permissions.is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_secretariat(request.user)

    def has_add_permission(self, request, *args):
        return permissions.is_secretariat(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.is_secretariat(request.user)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    """Exports are made by the export pages and the task worker; the admin only shows them."""

    list_display = ["title", "document", "variant", "audience", "language", "status", "created_at"]
    list_filter = ["status", "document", "variant", "audience", "language"]
    search_fields = ["title", "filename", "fingerprint"]
    date_hierarchy = "created_at"
    list_select_related = ["requested_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
