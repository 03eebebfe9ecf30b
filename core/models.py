from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def count_per_row(related: models.QuerySet, to_outer: str):
    """How many rows of `related` point at the outer row (through the field `to_outer`), as a
    correlated subquery: a list counts for the rows on its page only, where a join with GROUP
    BY would count for every row before paginating. 0 when there are none."""
    counted = (
        related.filter(**{to_outer: models.OuterRef("pk")})
        .order_by()
        .values(to_outer)
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    return Coalesce(models.Subquery(counted), 0)
