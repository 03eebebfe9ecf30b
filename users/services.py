"""Invitations (the only way a firm user or mentor gets an account), deactivation and the
security event record."""

import secrets
from datetime import timedelta

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.models import AccessAction, SubjectType
from audit.services import access_record
from companies.models import Company
from users.models import (
    Invitation,
    Role,
    SecurityEvent,
    SecurityEventKind,
    User,
    hash_token,
)
from users.network import client_ip

USER_AGENT_MAX_LENGTH = SecurityEvent._meta.get_field("user_agent").max_length


def invitation_create(
    *, email: str, name: str, role: str, company: Company | None, by: User, accept_url
) -> Invitation:
    """Invite `email` as a firm user or mentor and e-mail a one-time link valid for 72 hours.

    `accept_url` turns the raw token into the absolute link; only the token's hash is stored.
    """
    email = email.strip().lower()
    if role not in (Role.FIRM, Role.MENTOR):
        raise ValidationError({"role": _("Only firm users and mentors are invited.")})
    if role == Role.FIRM and company is None:
        raise ValidationError({"company": _("Choose the company this firm user belongs to.")})
    if role == Role.MENTOR:
        company = None
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this e-mail address already exists.")})
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email,
            name=name,
            role=role,
            company=company,
            invited_by=by,
            token_hash=hash_token(token),
            expires_at=timezone.now() + timedelta(hours=settings.INVITATION_VALID_HOURS),
        )
        link = accept_url(token)
        context = {"invitation": invitation, "link": link, "hours": settings.INVITATION_VALID_HOURS}
        with translation.override("ko"):
            subject = _("Your invitation to the programme CRM")
            body = render_to_string("users/email/invitation.txt", context)
        # Sent after commit so a rolled-back invitation never reaches anybody's inbox.
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
        )
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The pending invitation this raw token opens, or None (unknown, used or expired)."""
    return (
        Invitation.objects.pending()
        .select_related("company")
        .filter(token_hash=hash_token(token))
        .first()
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str) -> User:
    """Create the invitee's account with `password`; the link works once."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at is not None or locked.is_expired:
        raise ValidationError(_("This invitation link has already been used or has expired."))
    if User.objects.filter(email__iexact=locked.email).exists():
        raise ValidationError(_("An account with this e-mail address already exists."))
    user = User(email=locked.email, name=locked.name, role=locked.role, company=locked.company)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    locked.accepted_at = timezone.now()
    locked.user = user
    locked.save(update_fields=["accepted_at", "user", "updated_at"])
    return user


def security_event_record(
    *, kind: SecurityEventKind, request=None, user: User | None = None, email: str = ""
) -> SecurityEvent:
    """Record who did what from where; `email` is the address tried when there is no user.

    Only the kind, the user, the address, the time, the IP and the browser are kept: never a
    password, a code or a secret.
    """
    if user is not None and not user.pk:
        user = None
    meta = request.META if request is not None else {}
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        email=(email or (user.email if user else ""))[:254],
        ip_address=client_ip(request) if request is not None else None,
        user_agent=meta.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX_LENGTH],
    )


def user_sessions_end(*, user: User) -> int:
    """End every session of `user` (database sessions are deleted); return how many."""
    sessions = list(UserSession.objects.filter(user=user))
    for session in sessions:
        session.end()
    return len(sessions)


@transaction.atomic
def user_deactivate(*, user: User, request=None) -> User:
    """Deactivate `user`: they cannot log in any more and all their sessions end at once."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    user_sessions_end(user=user)
    security_event_record(kind=SecurityEventKind.DEACTIVATED, request=request, user=user)
    access_record(
        request=request,
        user=request.user if request is not None else None,
        action=AccessAction.ROLE_CHANGE,
        subject_type=SubjectType.USER,
        subject=_("%(user)s deactivated") % {"user": user.email},
        subject_ids=[user.pk],
    )
    return user
