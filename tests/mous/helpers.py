"""What the MOU test modules share: Seoul's time zone, the screens' URLs, a valid MOU form,
reading a form's errors and a refusal's messages."""

from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.urls import reverse

SEOUL = ZoneInfo("Asia/Seoul")
LIST = reverse("mous:list")
CREATE = reverse("mous:create")
SUMMARY = reverse("mous:summary")
RELOCATIONS = reverse("mous:relocation_list")
LONG = "가" * 50_000


def names(response):
    return [mou.company.name for mou in response.context["mous"]]


def mou_post(target, **overrides):
    data = {
        "company": target.pk,
        "signed_on": "2021-05-03",
        "parties": "광주광역시, 인공지능산업융합사업단, 빛고을헬스케어",
        "planned_investment_krw": "1,500,000,000",
        "planned_local_hires": "20",
        "relocation_type": "headquarters",
        "next_follow_up_on": "2021-08-01",
        "is_signed_outside": "on",
        "signed_outside_on": "2021-05-03",
        "note": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def errors(response, field):
    return response.context["form"].errors.get(field, [])


def error_codes(response, field):
    """Codes, not texts: pages render Korean, and the catalogue is filled in later."""
    return [error.code for error in response.context["form"].errors.as_data().get(field, [])]


def messages_of(error: ValidationError) -> list[str]:
    return error.messages
