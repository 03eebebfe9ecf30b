from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from notices.models import EmailMode, NoticeKind


class NoticePreferencesForm(forms.Form):
    """How the user gets each kind of notice their role receives, and their e-mails' language."""

    language = forms.ChoiceField(label=_("Language of e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = list(kinds)
        for kind in self.kinds:
            self.fields[kind] = forms.ChoiceField(
                label=NoticeKind(kind).label, choices=EmailMode.choices
            )
        # The kinds first, the language last.
        self.order_fields([*self.kinds, "language"])

    def modes(self) -> dict[str, str]:
        return {kind: self.cleaned_data[kind] for kind in self.kinds}
