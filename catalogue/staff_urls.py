"""URLs of the staff and secretariat pages (submission, my ideas, curation, workshop capture).

Included in ``catalogue/urls.py`` under the ``catalogue`` namespace.
"""

urlpatterns = []
