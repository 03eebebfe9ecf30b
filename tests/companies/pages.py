"""What the company screen test modules share: the list's URL and the names it shows, a valid
company form, a form's errors."""

from django.urls import reverse

LIST = reverse("companies:list")


def names(response):
    return [company.name for company in response.context["companies"]]


def company_post(**overrides):
    data = {
        "name": "첨단모빌리티",
        "business_number": "134-86-72683",
        "corporate_number": "",
        "representative": "홍길동",
        "founded_on": "2021-03-02",
        "address": "광주광역시 북구 첨단과기로 123",
        "is_in_gwangju": "on",
        "industry": "automotive",
        "ksic_code": "J58221",
        "employee_count": "12",
        "website": "https://example.kr",
        "description": "자율주행 AI",
        "assigned_staff": "",
        "stage": "early",
        "stage_effective_on": "2021-03-02",
    }
    data.update(overrides)
    return data


def form_errors(response, field):
    return response.context["form"].errors.get(field, [])
