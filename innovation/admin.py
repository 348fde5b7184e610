from django.contrib import admin

from innovation.models import Export


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
