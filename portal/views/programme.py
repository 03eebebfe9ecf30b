"""Firm portal: programme. The company is always request.user.company."""

urlpatterns: list = []
