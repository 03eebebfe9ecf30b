from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: accounts come from staff invitations."""

    def is_open_for_signup(self, request):
        return False
