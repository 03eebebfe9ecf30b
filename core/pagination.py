from functools import cached_property

from django.core.paginator import Paginator


class CappedCountPaginator(Paginator):
    """For searches over a large table. Counts at most `cap` rows, so a broad search costs the
    database `cap` matches, not all of them; the pages reach to the cap and `capped` says there
    are more. A page's keys are found first, sorting only them, and then its rows are read."""

    def __init__(self, *args, cap: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        # Only the keys, unsorted: the database stops at the cap instead of sorting every match.
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


class SafePaginationMixin:
    """ListView pagination that never fails: `?page=abc` is page 1, `?page=99999` the last.

    A view whose `get_count_cap()` returns a number counts only up to it (CappedCountPaginator)."""

    paginate_by = 50

    def get_count_cap(self) -> int | None:
        return None

    def paginate_queryset(self, queryset, page_size):
        cap = self.get_count_cap()
        if cap is None:
            paginator = Paginator(queryset, page_size, allow_empty_first_page=True)
        else:
            paginator = CappedCountPaginator(
                queryset, page_size, allow_empty_first_page=True, cap=cap
            )
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
