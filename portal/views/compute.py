"""Firm portal: compute. The company is always request.user.company."""

urlpatterns: list = []
