"""Staff screens: equipment."""

urlpatterns: list = []
