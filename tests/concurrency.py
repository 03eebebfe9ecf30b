"""Real parallel requests on PostgreSQL: each call runs in its own thread with its own database
connection, in a `@pytest.mark.django_db(transaction=True)` test, so row locks and unique
indexes decide between them as they would between two users."""

import threading
import time

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection, connections, transaction
from django.test import Client
from django.utils import translation

from core.concurrency import CHANGED_MEANWHILE

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: parallel connections and row locks (SQLite serialises writers)",
)
TIMEOUT = 30
# The English source text: the pages under test are English, whatever language is active here.
with translation.override("en"):
    CHANGED = str(CHANGED_MEANWHILE)


def _run(call):
    """What `call` returns, or the exception it raises; the thread's connection is closed."""
    try:
        with translation.override("en"):
            return call()
    except Exception as error:  # noqa: BLE001 - the outcome is what the tests check
        return error
    finally:
        connections.close_all()


def race(*calls) -> list:
    """Start `calls` at the same moment (a barrier), each in its own thread and connection; what
    each returned or raised, in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        def released():
            barrier.wait(TIMEOUT)
            return call()

        results[index] = _run(released)

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a call did not finish"
    return results


def _wait_until_someone_waits_on_me() -> None:
    """Poll until another connection is blocked on a lock this one holds (or time runs out)."""
    deadline = time.monotonic() + TIMEOUT
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # pg_stat_activity is read once per transaction unless its snapshot is cleared.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)


def first_then(first, second) -> list:
    """`first` runs in a transaction that stays open until `second` (started once `first` has
    written) waits on one of its locks; then it commits and `second` goes on. So `second` read
    the state before `first` and acts after it, every time. What each returned or raised."""
    written = threading.Event()
    results = [None, None]

    def hold():
        try:
            with transaction.atomic():
                result = first()
                written.set()
                _wait_until_someone_waits_on_me()
            return result
        finally:
            written.set()

    def follow():
        written.wait(TIMEOUT)
        return second()

    def run(index, call):
        results[index] = _run(call)

    threads = [
        threading.Thread(target=run, args=(0, hold)),
        threading.Thread(target=run, args=(1, follow)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a call did not finish"
    return results


def client_for(user) -> Client:
    """A client of its own, logged in as `user`, reading English pages."""
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def messages_of(response) -> list[tuple[str, str]]:
    """The (level tag, text) of the messages added while answering this request (not those an
    earlier request left unread)."""
    storage = get_messages(response.wsgi_request)
    return [(m.level_tag, str(m)) for m in storage._queued_messages]
