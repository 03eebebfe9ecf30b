from audit.history import Source, history_context
from users.network import client_ip


class AuditContextMiddleware:
    """Every change made while handling a request is recorded with its user, address and the
    source "screen"."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        with history_context(actor=user, source=Source.SCREEN, remote_addr=client_ip(request)):
            return self.get_response(request)
