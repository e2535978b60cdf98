"""The message store under faults, through the whole stack: a full disk answers the webhook 503
(OpenPhone retries) with nothing half-written and no worker lost, and the redelivery is stored
once when space returns; a correctly signed delivery this version cannot read is kept as a dead
letter and acknowledged, and `messages-dead-letters replay` files it in its conversation once a
version can read it; the store's files are private; a webhook key too short to be OpenPhone's is
refused at start with a message that names the variable and not the key.

The full disk is real: `MESSAGES_DB` on a tiny tmpfs (mounting needs root; skipped otherwise)."""
import errno
import os
import sqlite3
import stat
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from harness import openapi, paths
from harness.openphone import (CONVERSATIONS_PATH, WEBHOOK_PATH, NumberBlock, Webhook, encode, message_event,
                               messages_db, standard_headers, unique_id)
from harness.processes import alive, wait_until
from harness.stack import Stack
from harness.tmpfs import mount as tmpfs_mount, unmount as tmpfs_unmount


def validated(response):
    openapi.validate(response, path=WEBHOOK_PATH, method="POST")
    return response


def error_code(response) -> str:
    assert response.headers["Content-Type"].startswith("application/json"), response.text
    return response.json()["error"]["code"]


def query(database: Path, sql: str, *args) -> list:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as db:
        return db.execute(sql, args).fetchall()


def unknown_shape(event_id: str | None = None, padding: int = 0) -> dict:
    """A signed message event whose message sits where this version does not look (a future shape)."""
    return {"id": event_id or unique_id("EV"), "apiVersion": "2099-01-01", "createdAt": "2026-11-25T13:00:00.000Z",
            "type": "message.received", "data": {"payload": {"id": unique_id("AC"), "text": "x" * padding}}}


def dead_letters_cli(database: Path, *arguments: str, **env) -> subprocess.CompletedProcess:
    environment = {**os.environ, "MESSAGES_DB": str(database), **env}
    return subprocess.run([str(paths.binary("messages-dead-letters")), *arguments], env=environment,
                          capture_output=True, text=True, timeout=60)


# --- a stack whose store is on a tiny tmpfs -----------------------------------------------------

@pytest.fixture(scope="module")
def tmpfs():
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    directory = Path(tempfile.mkdtemp(prefix="hubspot-fcgi-tmpfs-"))
    directory.chmod(0o755)  # the stack's unprivileged account must pass through to the mount
    try:
        tmpfs_mount(directory, "4m")
    except subprocess.CalledProcessError as failure:
        directory.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {failure.stderr.strip()}")
    yield directory
    tmpfs_unmount(directory)
    directory.rmdir()


@pytest.fixture(scope="module")
def small_stack(tmpfs):
    running = Stack({"MESSAGES_DB": str(tmpfs / "messages.db")}).start()
    yield running
    try:
        assert running.stop() == 0, running.log()
    finally:
        running.cleanup()


class Filler:
    """Takes every free byte of a file system, and gives it back."""

    def __init__(self, directory: Path):
        self.path = directory / "filler"

    def fill(self):
        chunk = b"\0" * 65536
        with open(self.path, "ab", buffering=0) as file:
            while True:
                try:
                    file.write(chunk)
                except OSError as error:
                    assert error.errno == errno.ENOSPC, error
                    break
            # The last partial chunk: down to the byte.
            while True:
                try:
                    file.write(b"\0")
                except OSError:
                    break
        assert os.statvfs(self.path.parent).f_bavail == 0

    def empty(self):
        self.path.unlink(missing_ok=True)


def test_a_full_disk_answers_503_loses_nothing_acknowledged_and_stores_the_redelivery_once(small_stack, tmpfs):
    database = tmpfs / "messages.db"
    webhook = Webhook(small_stack)
    numbers = NumberBlock()

    before = webhook.deliver(message_event(numbers.number()))
    assert before.status_code == 200, before.text
    workers = sorted(small_stack.workers("openphone-webhook"))

    # Bigger than any slack a full file system leaves: the write needs new pages.
    event = message_event(numbers.number(), text="y" * 150_000)
    letter = unknown_shape(padding=150_000)
    filler = Filler(tmpfs)
    filler.fill()
    try:
        for delivery in (event, letter):
            refused = validated(webhook.deliver(delivery))
            assert refused.status_code == 503, refused.text
            assert error_code(refused) == "store_unavailable"
            assert int(refused.headers["Retry-After"]) > 0
        # Nothing half-written, no worker lost.
        assert query(database, "SELECT COUNT(*) FROM processed_events WHERE event_id = ?", event["id"]) == [(0,)]
        assert query(database, "SELECT COUNT(*) FROM conversations WHERE customer = ?",
                     event["data"]["context"]["senderIdentifier"]) == [(0,)]
        assert query(database, "SELECT COUNT(*) FROM dead_letters WHERE event_id = ?", letter["id"]) == [(0,)]
        assert sorted(small_stack.workers("openphone-webhook")) == workers
        assert all(alive(pid) for pid in workers)
        # And it was the full disk that refused them (SQLite's SQLITE_FULL, 13).
        wait_until(lambda: small_stack.logs_text().count("(SQLite 13)") >= 2, 10, message="two disk-full log lines")
    finally:
        filler.empty()

    # Space again: OpenPhone's retries are stored, once.
    stored = validated(webhook.deliver(event))
    assert stored.status_code == 200, stored.text
    assert stored.json()["stored"] is True and stored.json()["duplicate"] is False
    again = webhook.deliver(event)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    kept = validated(webhook.deliver(letter))
    assert kept.status_code == 202, kept.text
    assert kept.json()["deadLetter"] is True and kept.json()["duplicate"] is False
    assert query(database, "SELECT COUNT(*) FROM messages m JOIN processed_events e ON e.message_id = m.message_id "
                           "WHERE e.event_id = ?", event["id"]) == [(1,)]
    assert query(database, "SELECT COUNT(*), MAX(length(body)) FROM dead_letters WHERE event_id = ?",
                 letter["id"]) == [(1, len(encode(letter)))]

    # Every delivery answered 2xx is in the store.
    for answer in (before, stored, kept):
        body = answer.json()
        table = "dead_letters" if body.get("deadLetter") else "processed_events"
        assert query(database, f"SELECT COUNT(*) FROM {table} WHERE event_id = ?", body["eventId"]) == [(1,)]


# --- dead letters -------------------------------------------------------------------------------

def test_an_unreadable_signed_delivery_is_kept_once_and_a_forged_one_never(small_stack, tmpfs):
    database = tmpfs / "messages.db"
    webhook = Webhook(small_stack)
    event = unknown_shape()
    answers = [validated(webhook.deliver(event, scheme)) for scheme in ("standard", "legacy", "standard")]
    assert [a.status_code for a in answers] == [202, 202, 202], [a.text for a in answers]
    assert answers[0].json() == {"received": True, "stored": False, "deadLetter": True, "duplicate": False,
                                 "reason": "missing_field", "eventId": event["id"], "type": "message.received"}
    assert [a.json()["duplicate"] for a in answers] == [False, True, True]
    assert query(database, "SELECT deliveries, error_code, error_field, body FROM dead_letters WHERE event_id = ?",
                 event["id"]) == [(3, "missing_field", "data.resource", encode(event))]

    forged_event = unknown_shape()
    body = encode(forged_event)
    headers = standard_headers(webhook.secret, body)
    forged = validated(webhook.post_raw(body.replace(b"2099", b"2098"), headers))
    assert forged.status_code == 401 and error_code(forged) == "signature_mismatch"
    assert query(database, "SELECT COUNT(*) FROM dead_letters WHERE event_id = ?", forged_event["id"]) == [(0,)]


def test_after_an_upgrade_the_replay_command_files_dead_letters_in_their_conversations(small_stack, tmpfs):
    database = tmpfs / "messages.db"
    webhook = Webhook(small_stack)
    still_unknown = unknown_shape()
    assert webhook.deliver(still_unknown).status_code == 202
    # What an older version could not read and this one can: put in the table as that version
    # would have left it (first arrival an hour ago, delivered twice).
    phone = NumberBlock().number()
    readable = message_event(phone, text="Kept through an upgrade")
    arrived = int(time.time() * 1000) - 3_600_000
    with sqlite3.connect(database, timeout=5) as db:
        db.execute("INSERT INTO dead_letters (dedupe_key, event_id, event_type, received_at, deliveries, error_code, "
                   "error_message, body) VALUES (?, ?, ?, ?, 2, 'missing_field', 'older version', ?)",
                   ("event:" + readable["id"], readable["id"], readable["type"], arrived, encode(readable)))

    listed = dead_letters_cli(database, "list")
    assert listed.returncode == 0, listed.stderr
    assert readable["id"] in listed.stdout and still_unknown["id"] in listed.stdout

    replay = dead_letters_cli(database, "replay")
    assert replay.returncode == 0, replay.stderr
    lines = replay.stdout.splitlines()
    assert any(f"event={readable['id']} stored conversation=" in line for line in lines), replay.stdout
    assert any(f"event={still_unknown['id']} still unreadable: missing_field" in line for line in lines), replay.stdout
    assert "still unreadable" in lines[-1] and "stored" in lines[-1]

    # The message is in its conversation, as if the webhook had stored it on arrival.
    response = small_stack.get(CONVERSATIONS_PATH, auth=small_stack.operator, params={"q": phone.lstrip("+")})
    [conversation] = [c for c in response.json()["conversations"] if c["phone"] == phone]
    assert conversation["lastMessage"]["text"] == "Kept through an upgrade" and conversation["unreadCount"] == 1
    assert query(database, "SELECT received_at FROM messages m JOIN processed_events e ON e.message_id = m.message_id "
                           "WHERE e.event_id = ?", readable["id"]) == [(arrived,)]
    assert query(database, "SELECT outcome, reprocessed_at IS NOT NULL FROM dead_letters WHERE event_id = ?",
                 readable["id"]) == [("stored", 1)]
    assert query(database, "SELECT reprocessed_at IS NULL, attempted_at IS NOT NULL FROM dead_letters "
                           "WHERE event_id = ?", still_unknown["id"]) == [(1, 1)]

    # OpenPhone's retry of the event now is a duplicate; a second replay finds nothing to store.
    retry = webhook.deliver(readable)
    assert retry.status_code == 200 and retry.json()["duplicate"] is True
    second = dead_letters_cli(database, "replay")
    assert second.returncode == 0 and " 0 stored" in second.stdout.splitlines()[-1], second.stdout


def test_the_replay_command_reports_a_missing_store_or_letter_and_bad_usage(small_stack, tmpfs):
    missing = dead_letters_cli(tmpfs / "no-such-dir" / "messages.db", "replay")
    assert missing.returncode == 1 and "no-such-dir" in missing.stderr
    unknown = dead_letters_cli(tmpfs / "messages.db", "replay", "--id", "999999")
    assert unknown.returncode == 1 and "no dead letter 999999" in unknown.stderr
    usage = dead_letters_cli(tmpfs / "messages.db", "erase")
    assert usage.returncode == 64 and "usage:" in usage.stderr


def test_a_dead_letter_that_cannot_be_stored_is_a_503_then_kept_on_retry(stack):
    webhook = Webhook(stack)
    event = unknown_shape()
    with sqlite3.connect(messages_db(stack), timeout=5) as db:
        db.execute("CREATE TRIGGER e2e_refuse_dead_letters BEFORE INSERT ON dead_letters "
                   "BEGIN SELECT RAISE(ABORT, 'e2e: store refused'); END")
    try:
        refused = validated(webhook.deliver(event))
        assert refused.status_code == 503 and error_code(refused) == "store_unavailable"
        assert refused.headers.get("Retry-After")
    finally:
        with sqlite3.connect(messages_db(stack), timeout=5) as db:
            db.execute("DROP TRIGGER IF EXISTS e2e_refuse_dead_letters")
    kept = validated(webhook.deliver(event))
    assert kept.status_code == 202 and kept.json()["duplicate"] is False
    assert query(messages_db(stack), "SELECT deliveries FROM dead_letters WHERE event_id = ?", event["id"]) == [(1,)]


# --- private files, refused keys ----------------------------------------------------------------

def test_the_store_and_its_wal_and_shm_are_not_readable_by_others(stack, webhook):
    assert webhook.deliver(message_event(NumberBlock().number())).status_code == 200
    database = messages_db(stack)
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o137 == 0, f"{path.name} is {mode:o}"


@pytest.mark.parametrize("secret", ["whsec_AQ==", "AQ==", "whsec_" + "QUFB" * 5])  # 1, 1 and 15 bytes
def test_a_webhook_key_too_short_to_be_openphones_is_refused_without_echoing_it(tmp_path, secret):
    result = dead_letters_cli(tmp_path / "messages.db", "list", OPENPHONE_WEBHOOK_SECRET=secret)
    assert result.returncode == 78, result.stdout + result.stderr
    assert "OPENPHONE_WEBHOOK_SECRET" in result.stderr and "too short" in result.stderr
    assert secret.removeprefix("whsec_").rstrip("=") not in result.stderr
