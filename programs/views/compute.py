"""Staff screens: compute."""

urlpatterns: list = []
