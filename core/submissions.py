"""Repeated requests: a create form double-clicked or sent again records one thing.

FormTokenMixin gives a form a hidden one-time token, new each time the form is shown.
SubmitOnceMixin claims the token (a FormSubmission row, unique) in the transaction that runs
the service, and points it at what the service made. The same token sent again finds that row:
a second request waits on the unique index until the first commits, then is redirected to the
first one's record with a note; if the first failed, nothing was claimed and the form may be
sent again. A request without a token (an old page, a script) is served as before.
"""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.concurrency import ChangedMeanwhile
from core.models import FormSubmission
from core.views import ServiceFormMixin, add_service_errors

FORM_TOKEN = "form_token"
RESUBMITTED = gettext_lazy("This form was already submitted; nothing was recorded twice.")


class FormTokenMixin:
    """A hidden one-time token in the form (`form_token`), new each time an unbound form is made."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FORM_TOKEN] = forms.UUIDField(
            required=False, widget=forms.HiddenInput, initial=uuid.uuid4()
        )


def form_submission_claim(*, token: uuid.UUID, user) -> tuple[FormSubmission, bool]:
    """Claim `token` for `user` in the caller's transaction: (the new row, True), or (the row of
    the earlier submission with that token, False). Another user's token is refused."""
    try:
        with transaction.atomic():
            return FormSubmission.objects.create(token=token, user=user), True
    except IntegrityError:
        # Reached once the transaction that claimed the token has committed.
        earlier = FormSubmission.objects.get(token=token)
    if earlier.user_id != user.pk:
        raise ValidationError(
            _("This form can no longer be submitted; reload the page and try again."),
            code="token",
        )
    return earlier, False


def form_submission_record(*, submission: FormSubmission, target: models.Model) -> None:
    """Point the claimed `submission` at the record its service made."""
    submission.target_type = ContentType.objects.get_for_model(target)
    submission.target_id = target.pk
    submission.save(update_fields=["target_type", "target_id"])


class SubmitOnceMixin(ServiceFormMixin):
    """A ServiceFormMixin whose service runs once per form token (the form has FormTokenMixin).
    A view says where a resubmission goes with `resubmitted_url(target)`; `target` is the
    first submission's record, or None if it has been deleted since."""

    def form_valid(self, form):
        token = form.cleaned_data.pop(FORM_TOKEN, None)
        if token is None:
            return super().form_valid(form)
        try:
            with transaction.atomic():
                submission, first = form_submission_claim(token=token, user=self.request.user)
                if first:
                    result = self.run_service(form)
                    form_submission_record(submission=submission, target=result)
        except ChangedMeanwhile as error:
            return self.changed_meanwhile(error)
        except ValidationError as error:
            add_service_errors(form, error, field=self.service_error_field)
            return self.form_invalid(form)
        if not first:
            return self.resubmitted(submission.target)
        return self.success(result)

    def resubmitted(self, target):
        """The answer to a form sent again: what the first submission recorded, with a note."""
        messages.info(self.request, RESUBMITTED)
        return redirect(self.resubmitted_url(target))

    def resubmitted_url(self, target) -> str:
        raise NotImplementedError
