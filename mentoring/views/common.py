"""Helpers shared by the mentoring views."""

from django.utils.formats import number_format


def hours_text(value) -> str:
    """Hours with one decimal, in the active language's number format."""
    return number_format(value, decimal_pos=1)


class FilteredListMixin:
    """A ListView whose queryset goes through `filterset_class` (an invalid filter shows none)."""

    filterset_class = None

    def filter_queryset(self, base):
        self.filterset = self.filterset_class(self.request.GET, queryset=base, request=self.request)
        return self.filterset.qs if self.filterset.is_valid() else base.none()

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)
