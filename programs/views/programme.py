"""Staff screens: programme."""

urlpatterns: list = []
