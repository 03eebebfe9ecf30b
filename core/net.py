"""The client's network address, one rule for the whole project."""

from django.conf import settings


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or, when the app runs behind the project's TLS proxy
    (DJANGO_BEHIND_TLS_PROXY), the last address that proxy appended to X-Forwarded-For: the
    only one the client cannot forge."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR") or None
