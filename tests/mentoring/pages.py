"""What the mentoring screen test modules share: the mentor's URLs, a valid session form,
a form's errors, the messages shown."""

from django.contrib.messages import get_messages
from django.urls import reverse

HOME = reverse("mentoring:home")
RECORD = reverse("mentoring:session_create")
SESSIONS = reverse("mentoring:session_list")


def session_post(assignment, /, **overrides):
    data = {
        "assignment": assignment.pk,
        "held_on": "2024-06-28",
        "duration_hours": "2",
        "topic": "투자 유치 IR 자료 검토",
        "notes": "비공개 메모",
        "next_steps": "IR 자료 수정",
    }
    data.update(overrides)
    return data


def errors(response, field):
    return response.context["form"].errors.get(field, [])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]
