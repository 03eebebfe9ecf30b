"""The notice pages: the header count, the list (unread first), opening one, marking all read,
and the e-mail preferences."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notices.models import EmailMode, Notice, NoticeKind, NoticePreference, NoticeProfile
from tests.notices.factories import NoticeFactory
from tests.pages import messages_of, page

pytestmark = pytest.mark.usefixtures("english_pages")


def unread_badge(response) -> str | None:
    """The unread count the header shows, or None when it shows none."""
    text = page(response)
    marker = 'data-unread-count="'
    if marker not in text:
        return None
    return text.split(marker, 1)[1].split('"', 1)[0]


def test_the_header_counts_the_users_unread_notices_only(client, firm_user, other_firm_user):
    NoticeFactory.create_batch(3, recipient=firm_user)
    NoticeFactory(recipient=firm_user, read_at=timezone.now())
    NoticeFactory(recipient=other_firm_user)
    client.force_login(firm_user)
    response = client.get(reverse("portal:home"))
    assert unread_badge(response) == "3"
    assert 'aria-label="Notices, 3 unread"' in page(response)


def test_no_badge_without_unread_notices(client, staff):
    NoticeFactory(recipient=staff, read_at=timezone.now())
    client.force_login(staff)
    assert unread_badge(client.get(reverse("companies:staff_home"))) is None


def test_the_header_count_stays_one_query_however_many_notices(
    client, firm_user, assert_flat_queries
):
    NoticeFactory(recipient=firm_user)
    client.force_login(firm_user)
    # The header's count comes with the session's user (users.backends), no query of its own.
    first, last = assert_flat_queries(
        client,
        reverse("portal:home"),
        lambda: NoticeFactory.create_batch(30, recipient=firm_user),
    )
    assert (unread_badge(first), unread_badge(last)) == ("1", "31")


def test_the_session_user_arrives_with_its_unread_count_in_the_same_query(client, staff):
    NoticeFactory.create_batch(2, recipient=staff)
    NoticeFactory(recipient=staff, read_at=timezone.now())
    client.force_login(staff)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("companies:staff_home"))
    assert response.wsgi_request.user.unread_notices == 2
    assert unread_badge(response) == "2"
    counts = [q["sql"] for q in queries.captured_queries if 'FROM "notices_notice"' in q["sql"]]
    assert len(counts) == 1 and counts[0].startswith('SELECT "users_user"."id"')


def test_the_list_shows_unread_first_then_the_newest(client, firm_user, other_firm_user):
    now = timezone.now()
    old_unread = NoticeFactory(
        recipient=firm_user, created_at=now - timedelta(days=3), params={"year": 2021}
    )
    new_read = NoticeFactory(
        recipient=firm_user, created_at=now, read_at=now, params={"year": 2023}
    )
    new_unread = NoticeFactory(
        recipient=firm_user, created_at=now - timedelta(days=1), params={"year": 2022}
    )
    NoticeFactory(recipient=other_firm_user, params={"year": 1999})
    client.force_login(firm_user)
    response = client.get(reverse("notices:list"))
    assert [n.pk for n in response.context["notices"]] == [
        new_unread.pk,
        old_unread.pk,
        new_read.pk,
    ]
    text = page(response)
    assert "Changes requested on your 2022 (year) outcome report" in text
    assert "1999" not in text  # another firm's notice
    assert "3 notices · 2 unread" in text
    assert text.count("data-unread") == 2 + 1  # two rows, and the header's count


def test_the_list_is_paginated_and_its_queries_do_not_grow(client, staff, assert_flat_queries):
    NoticeFactory.create_batch(2, recipient=staff)
    client.force_login(staff)
    # Expect the session, the user, the page's count and rows, and the header's COUNT.
    first, last = assert_flat_queries(
        client,
        reverse("notices:list"),
        lambda: NoticeFactory.create_batch(60, recipient=staff),
    )
    assert len(first.context["notices"]) == 2
    assert len(last.context["notices"]) == 50
    assert last.context["paginator"].count == 62


def test_opening_a_notice_marks_it_read_and_goes_to_its_page(client, firm_user):
    notice = NoticeFactory(recipient=firm_user, link=reverse("portal:outcome_list"))
    client.force_login(firm_user)
    response = client.get(notice.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:outcome_list")
    notice.refresh_from_db()
    first_read = notice.read_at
    assert first_read is not None
    client.get(notice.get_absolute_url())
    notice.refresh_from_db()
    assert notice.read_at == first_read  # read once, when first opened


def test_a_notice_never_sends_the_reader_off_the_site(client, firm_user):
    notice = NoticeFactory(recipient=firm_user, link="https://evil.example/phish")
    client.force_login(firm_user)
    response = client.get(notice.get_absolute_url())
    assert response["Location"] == reverse("notices:list")


def test_another_users_notice_is_a_404_and_stays_unread(client, firm_user, other_firm_user):
    notice = NoticeFactory(recipient=other_firm_user)
    client.force_login(firm_user)
    assert client.get(notice.get_absolute_url()).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_all_read_is_a_post_and_touches_only_the_users_notices(
    client, firm_user, other_firm_user
):
    NoticeFactory.create_batch(2, recipient=firm_user)
    theirs = NoticeFactory(recipient=other_firm_user)
    client.force_login(firm_user)
    assert client.get(reverse("notices:read_all")).status_code == 405
    response = client.post(reverse("notices:read_all"), follow=True)
    assert messages_of(response) == ["2 notices were marked read."]
    assert not Notice.objects.filter(recipient=firm_user, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert unread_badge(response) is None


def test_preferences_offer_the_kinds_of_the_users_role(client, firm_user, staff):
    client.force_login(firm_user)
    form = client.get(reverse("notices:preferences")).context["form"]
    assert NoticeKind.OUTCOME_CHANGES_REQUESTED in form.fields
    assert NoticeKind.BOOKING_REQUESTED not in form.fields
    assert form.initial[NoticeKind.REPORT_DUE] == EmailMode.IMMEDIATE
    assert form.initial["language"] == "ko"
    client.force_login(staff)
    form = client.get(reverse("notices:preferences")).context["form"]
    assert NoticeKind.BOOKING_REQUESTED in form.fields
    assert NoticeKind.OUTCOME_CHANGES_REQUESTED not in form.fields


def test_preferences_are_saved_per_kind(client, firm_user):
    client.force_login(firm_user)
    form = client.get(reverse("notices:preferences")).context["form"]
    data = dict.fromkeys(form.fields, EmailMode.IMMEDIATE)
    data.update(
        {
            NoticeKind.REPORT_DUE: EmailMode.DIGEST,
            NoticeKind.PERIOD_OPENED: EmailMode.NONE,
            "language": "en",
        }
    )
    response = client.post(reverse("notices:preferences"), data, follow=True)
    assert messages_of(response) == ["Your notice settings were saved."]
    saved = dict(NoticePreference.objects.filter(user=firm_user).values_list("kind", "email"))
    assert saved[NoticeKind.REPORT_DUE] == EmailMode.DIGEST
    assert saved[NoticeKind.PERIOD_OPENED] == EmailMode.NONE
    assert saved[NoticeKind.OUTCOME_ACCEPTED] == EmailMode.IMMEDIATE
    assert NoticeProfile.objects.get(user=firm_user).language == "en"
    form = response.context["form"]
    assert form.initial[NoticeKind.REPORT_DUE] == EmailMode.DIGEST


def test_an_unknown_choice_keeps_the_form_and_saves_nothing(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("notices:preferences"),
        {NoticeKind.BOOKING_REQUESTED: "fax", "language": "ko"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors[NoticeKind.BOOKING_REQUESTED] == [
        "Select a valid choice. fax is not one of the available choices."
    ]
    assert not NoticePreference.objects.exists()


@pytest.mark.parametrize(
    ("who", "layout"), [("firm_user", "portal"), ("staff", "staff"), ("mentor", "staff")]
)
def test_firms_see_their_notices_in_the_portal(client, request, who, layout):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("notices:list"))
    assert f'<body class="{layout}"' in page(response)


def test_the_portal_counts_many_unread_notices_with_separators(client, firm_user):
    from notices.models import Notice

    NoticeFactory(recipient=firm_user)
    Notice.objects.bulk_create(
        Notice(
            recipient=firm_user,
            kind=notice.kind,
            params=notice.params,
            created_at=notice.created_at,
        )
        for notice in [Notice.objects.get()] * 1233
    )
    client.force_login(firm_user)
    response = client.get(reverse("portal:home"))
    assert "You have 1,234 unread notices." in page(response)
    assert unread_badge(response) == "1234"
