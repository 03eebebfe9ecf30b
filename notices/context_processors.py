"""The unread-notice count in every page's header: loaded with the session's user, or one
indexed COUNT, only when shown."""

from functools import cache

from notices.models import Notice


def unread_notices(request):
    """`unread_notice_count` for a signed-in user: a function templates call (they call what is
    callable), counted the first time a page reads it and remembered for the rest."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def count() -> int:
        # The session's user arrives with it (users.backends); a user loaded otherwise counts.
        loaded = getattr(user, "unread_notices", None)
        if loaded is not None:
            return loaded
        return Notice.objects.visible_to(user).unread().count()

    return {"unread_notice_count": count}
