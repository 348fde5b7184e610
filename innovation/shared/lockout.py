"""Login lockout with django-axes (settings ``AXES_*``): the client's address behind the
reverse proxies, and the page a locked-out login gets, for the app's login and the admin's."""

import ipaddress
import math

from django.conf import settings
from django.shortcuts import render


def client_ip_address(request) -> str | None:
    """The client's address (``AXES_CLIENT_IP_CALLABLE``).

    Behind ``SAMSKAB_PROXY_COUNT`` proxies it is the address the outermost proxy saw: the
    entry that many places from the right of X-Forwarded-For, the part our own proxies wrote.
    Whatever stands further left came from the client and is not trusted. Without proxies, or
    when the header does not hold such an address, it is the connection's address.
    """
    count = settings.SAMSKAB_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if count and len(forwarded) >= count:
        try:
            return str(ipaddress.ip_address(forwarded[-count]))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")


def locked_out(request, response=None, credentials=None):
    """The login page saying why and for how long (``AXES_LOCKOUT_CALLABLE``), status 429."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
