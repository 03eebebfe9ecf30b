"""Firm portal: mentoring. The company is always request.user.company."""

urlpatterns: list = []
