"""Firm portal: compute allocations and equipment bookings. The company is always
request.user.company; another firm's booking is a 404."""

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from compute.models import ComputeAllocation
from core.pagination import SafePaginationMixin
from core.submissions import SubmitOnceMixin
from core.text import ascii_id
from core.views import FilteredListMixin, ObjectPageMixin, ServiceFormMixin
from equipment.filters import PortalBookingFilter
from equipment.forms import BookingCancelForm, BookingRequestForm
from equipment.models import Equipment, EquipmentBooking
from equipment.services import booking_cancel, booking_request
from users.permissions import FIRM_ONLY, RoleRequiredMixin

# How far ahead the request form shows when the chosen equipment is taken.
BUSY_DAYS = 30
BUSY_ROWS = 20


class PortalBookingListView(FilteredListMixin, ListView):
    """The firm's own bookings, newest first."""

    allowed_roles = FIRM_ONLY
    filterset_class = PortalBookingFilter
    template_name = "portal/booking_list.html"
    context_object_name = "bookings"

    def base_queryset(self):
        return EquipmentBooking.objects.visible_to(self.request.user).with_list_relations()


class PortalBookingRequestView(RoleRequiredMixin, SubmitOnceMixin, FormView):
    """Request equipment for a time range; the booking is the signed-in firm's."""

    allowed_roles = FIRM_ONLY
    form_class = BookingRequestForm
    template_name = "portal/booking_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        initial = super().get_initial()
        equipment = ascii_id(self.request.GET.get("equipment"))
        if equipment is not None:
            initial["equipment"] = equipment
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["busy"] = self._busy(context["form"])
        # A second copy of the equipment field, for the "show booked times" GET form.
        pick_form = self.form_class(
            user=self.request.user,
            auto_id="pick_%s",
            initial={"equipment": context["form"]["equipment"].value()},
        )
        # Labelled apart from the request's own equipment field on the same page.
        pick_form.fields["equipment"].label = _("equipment whose booked times to show")
        context["pick_form"] = pick_form
        return context

    def _busy(self, form):
        """When the chosen equipment is taken in the coming weeks (times only, no names)."""
        pk = ascii_id(form["equipment"].value())
        if pk is None:
            return None
        equipment = (
            Equipment.objects.visible_to(self.request.user)
            .select_related("centre")
            .filter(pk=pk)
            .first()
        )
        if equipment is None:
            return None
        now = timezone.now()
        slots = (
            EquipmentBooking.objects.active()
            .filter(equipment=equipment, ends_at__gt=now, starts_at__lt=now + timedelta(BUSY_DAYS))
            .order_by("starts_at")
            .values("starts_at", "ends_at", "status")[:BUSY_ROWS]
        )
        return {"equipment": equipment, "slots": list(slots), "days": BUSY_DAYS}

    def run_service(self, form):
        user = self.request.user
        return booking_request(company=user.company, by=user, **form.cleaned_data)

    def resubmitted_url(self, booking):
        return reverse("portal:booking_list")

    def success(self, booking):
        messages.success(
            self.request,
            _("Your booking request for %(equipment)s was sent; staff will confirm it.")
            % {"equipment": booking.equipment.name},
        )
        return redirect("portal:booking_list")


class PortalBookingCancelView(ObjectPageMixin, ServiceFormMixin, FormView):
    """Cancel one of the firm's own bookings, after confirmation."""

    allowed_roles = FIRM_ONLY
    form_class = BookingCancelForm
    template_name = "portal/booking_cancel.html"
    object_context_name = "booking"

    def object_queryset(self):
        return EquipmentBooking.objects.visible_to(self.request.user).with_list_relations()

    def run_service(self, form):
        return booking_cancel(booking=self.target, by=self.request.user)

    def success(self, booking):
        messages.success(
            self.request,
            _("Your booking of %(equipment)s was cancelled.")
            % {"equipment": self.target.equipment.name},
        )
        return redirect("portal:booking_list")


class PortalAllocationListView(RoleRequiredMixin, SafePaginationMixin, ListView):
    """The firm's own compute allocations with use and results."""

    allowed_roles = FIRM_ONLY
    template_name = "portal/booking_allocations.html"
    context_object_name = "allocations"

    def get_queryset(self):
        return (
            ComputeAllocation.objects.visible_to(self.request.user)
            .with_list_relations()
            .prefetch_related("reclaims")
        )


urlpatterns = [
    path("bookings/", PortalBookingListView.as_view(), name="booking_list"),
    path("bookings/new/", PortalBookingRequestView.as_view(), name="booking_request"),
    path("bookings/<int:pk>/cancel/", PortalBookingCancelView.as_view(), name="booking_cancel"),
    path("compute/", PortalAllocationListView.as_view(), name="allocation_list"),
]
