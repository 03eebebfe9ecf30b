from django.core.paginator import Paginator


class SafePaginationMixin:
    """ListView pagination that never fails: `?page=abc` is page 1, `?page=99999` the last."""

    paginate_by = 50

    def paginate_queryset(self, queryset, page_size):
        paginator = Paginator(queryset, page_size, allow_empty_first_page=True)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
