"""The agency's contact, for pages that tell users to contact the agency."""

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("includes/agency_contact.html")
def agency_contact():
    """The agency, its contact team, phone and e-mail (AGENCY_CONTACT_* settings); empty parts
    are left out."""
    return {
        "agency": settings.AGENCY_NAME,
        "team": settings.AGENCY_CONTACT_NAME,
        "phone": settings.AGENCY_CONTACT_PHONE,
        "email": settings.AGENCY_CONTACT_EMAIL,
    }


@register.simple_tag
def agency_name():
    """The agency's name (AGENCY_NAME), for e-mails that sign with it."""
    return settings.AGENCY_NAME
