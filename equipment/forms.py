"""Forms of equipment bookings: the firm's request, staff's rejection, cancellations."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteField
from core.forms import DateTimeInput, NormalizedFormMixin
from core.submissions import FormTokenMixin
from equipment.models import Equipment


def bookable_equipment(user):
    """The equipment `user` may ask to book: in service by next year and bookable."""
    return (
        Equipment.objects.visible_to(user)
        .bookable(timezone.localdate().year + 1)
        .with_list_relations()
    )


class EquipmentPickerField(AutocompleteField):
    """Equipment, searched by its name or its centre's (equipment:autocomplete)."""

    url_name = "equipment:autocomplete"

    def label_from_instance(self, obj):
        return f"{obj.centre.name} · {obj.name}"

    def search(self, queryset, text):
        return queryset.filter(Q(name__icontains=text) | Q(centre__name__icontains=text))


class BookingRequestForm(FormTokenMixin, NormalizedFormMixin, forms.Form):
    """A firm's booking request; the company is the signed-in firm's, never a field."""

    equipment = EquipmentPickerField(label=_("equipment"))
    starts_at = forms.DateTimeField(label=_("starts at"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("ends at"), widget=DateTimeInput())
    purpose = forms.CharField(
        label=_("purpose"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you will test, so staff can prepare the equipment."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["equipment"].queryset = bookable_equipment(user)

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("A booking must end after it starts."))
        return cleaned


class BookingRejectForm(NormalizedFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The firm sees this reason."),
    )


class BookingCancelForm(NormalizedFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm: cancel this booking."),
        error_messages={"required": _("Tick the box to confirm the cancellation.")},
    )
