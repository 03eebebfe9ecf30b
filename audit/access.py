"""Views record their access to personal data (PIPA 접속기록) through these helpers.

Which pages count: those whose subject is people — contacts of firms, user accounts, mentor
profiles, trainees — and every download that holds such data. A page records once, after it
rendered successfully; a form records the change after the service accepted it.
"""

from audit.models import AccessAction, SubjectType
from audit.services import access_record

__all__ = ["AccessAction", "RecordsAccessMixin", "SubjectType", "record_access"]


def record_access(request, action: str, subject_type: str, subject: str, ids=(), **extra):
    """One access record for the request's user and address."""
    return access_record(
        request=request,
        action=action,
        subject_type=subject_type,
        subject=str(subject),
        subject_ids=[pk for pk in ids if pk is not None],
        **extra,
    )


class RecordsAccessMixin:
    """A page that shows personal data: after a successful render, one access record.

    Set `access_action` and `access_subject_type`; `access_subject(context)` returns the
    subject's description and the ids of the people shown."""

    access_action = AccessAction.VIEW
    access_subject_type = SubjectType.PERSON

    def access_subject(self, context) -> tuple[str, list[int]]:
        raise NotImplementedError

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if response.status_code == 200 and self.request.method == "GET":
            subject, ids = self.access_subject(context)
            record_access(self.request, self.access_action, self.access_subject_type, subject, ids)
        return response
