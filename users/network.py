"""Where a request comes from: the client's address and whether it is inside the agency."""

import ipaddress

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied


def client_ip(request) -> str | None:
    """The client's address as allauth's rate limits see it (REMOTE_ADDR unless
    ALLAUTH_TRUSTED_PROXY_COUNT says to read X-Forwarded-For), or None when unknown."""
    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        return None


def is_trusted_network(ip: str | None) -> bool:
    """True when `ip` lies in one of settings.MFA_TRUSTED_NETWORKS (the agency's networks)."""
    if not ip:
        return False
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in ipaddress.ip_network(net) for net in settings.MFA_TRUSTED_NETWORKS)
