"""The root URLconf and one new page without an entry in the access matrix's expectations:
``test_access_matrix`` checks that the matrix notices it."""

from django.http import HttpResponse
from django.urls import path

from innovation.urls import urlpatterns as root

urlpatterns = [*root, path("helt-ny/", lambda request: HttpResponse("ny"), name="brand_new")]
