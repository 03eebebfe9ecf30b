from django.urls import path

from equipment.views import (
    BookingCancelView,
    BookingListView,
    BookingRejectView,
    EquipmentAutocompleteView,
    EquipmentListView,
    booking_approve_view,
)

app_name = "equipment"

urlpatterns = [
    path("", EquipmentListView.as_view(), name="list"),
    path("autocomplete/", EquipmentAutocompleteView.as_view(), name="autocomplete"),
    path("bookings/", BookingListView.as_view(), name="booking_list"),
    path("bookings/<int:pk>/approve/", booking_approve_view, name="booking_approve"),
    path("bookings/<int:pk>/reject/", BookingRejectView.as_view(), name="booking_reject"),
    path("bookings/<int:pk>/cancel/", BookingCancelView.as_view(), name="booking_cancel"),
]
