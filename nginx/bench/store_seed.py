#!/usr/bin/env python3
"""Seeds a message store with N conversations and M messages, for the store-at-scale bench.

    store_seed.py DB --conversations 100000 --messages 1000000 [--seed 16]

DB must be a store file the product itself created (`store-bench create DB` opens it with
MessageStore, so the migrator makes the schema and its indexes, triggers included) and must hold
no conversations yet. Rows go in with plain INSERTs in one transaction: the store's own
`record()` takes a write transaction per message, which would make 1,000,000 messages a
matter of minutes instead of seconds. The rows are what `record()` and the name sync leave:

- 5 business lines; customers in E.164 (mostly NANP, some UK), 4% of them texting two lines;
- names on 85% of conversations (HubSpot 70%, OpenPhone 10%, typed by staff 5%), lowercased
  name keys for search, companies on a third, HubSpot contact ids where HubSpot named them;
- message times spread over one year, ids growing with time (as they arrive); both directions,
  OpenPhone's statuses with failure reasons, texts from a few words to several hundred
  characters, a picture on 2%; one processed event per message (two for half of the outgoing
  ones: `message.delivered` after the send); our sends with their `outgoing_sends` rows;
- a few long threads of thousands of messages, and a long tail where most conversations hold
  a handful.

Deterministic for a seed. No ANALYZE: the product never runs one, so the bench must see the
query plans the product gets. Python's stdlib sqlite3 (the system libsqlite3, as the product
links) is enough for a one-transaction loader; prints one JSON line with what it made.
"""
import argparse
import json
import random
import sqlite3
import sys
import time

YEAR_MS = 365 * 24 * 3600 * 1000
# The newest message of the seeded year: 2025-06-01T00:00:00Z.
END_MS = 1_748_736_000_000
START_MS = END_MS - YEAR_MS

LINES = ["PNsales01", "PNsupport02", "PNbilling03", "PNfield04", "PNafterhours05"]
FIRST_NAMES = """Ada Alan Grace Linus Margaret Barbara Ken Dennis Edsger Donald John Mary Robert Patricia
Michael Jennifer William Linda David Elizabeth Richard Susan Joseph Jessica Thomas Sarah Charles Karen
Christopher Nancy Daniel Lisa Matthew Betty Anthony Sandra Mark Ashley Paul Kimberly Steven Emily
Andrew Donna Joshua Michelle Kevin Carol Brian Amanda George Melissa Timothy Deborah Ronald Stephanie
Jason Rebecca Jeffrey Laura Ryan Helen Jacob Sharon Gary Cynthia Nicholas Kathleen Eric Amy Jonathan
Angela Stephen Shirley Larry Anna Justin Brenda Scott Pamela Brandon Emma Benjamin Nicole Samuel Ruth
Gregory Katherine Frank Christine Raymond Samantha Alexander Debra Patrick Janet Jack Rachel Chloé
José Zoë Renée Søren Ægir Łukasz Ngozi Wei Priya Aarav Mateo Sofía Olamide Keanu Aroha""".split()
LAST_NAMES = """Lovelace Turing Hopper Torvalds Hamilton Liskov Thompson Ritchie Dijkstra Knuth Smith Johnson
Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson
Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson
Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera
Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes
Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly
Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes
Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez MacDonald O'Brien Østergaard
Müller Nakamura Okafor Tremblay Gagnon Leblanc Côté Bouchard""".split()
COMPANY_WORDS = """Harbour Maritime Atlantic Coastal Northern Bluenose Granite Evergreen Summit Pioneer
Lighthouse Fundy Acadia Cabot Citadel Keystone Riverside Highland Valley Meadow Cedar Maple Birch
Spruce Pine Oak Willow Aurora Polaris Beacon""".split()
COMPANY_KINDS = ["Plumbing", "Roofing", "Dental", "Auto Body", "Realty", "Consulting", "Fisheries",
                 "Landscaping", "Electric", "Bakery", "Logistics", "Property Management", "Law", "Clinic"]
COMPANY_SUFFIXES = ["Ltd", "Inc.", "Co.", "LLC", "Group", ""]
WORDS = """hi hello thanks thank you yes no ok sure the a to for of on at in is it we our your can
could would will please confirm appointment tomorrow today monday tuesday wednesday thursday friday
morning afternoon evening quote invoice payment received sent delivered call back later address
street unit parking window door roof leak kitchen bathroom estimate schedule reschedule running late
minutes arrive technician crew price total deposit balance receipt photo attached see below great
perfect sounds good works for me what time is best let me know when available""".split()
STATUSES_OUT = [("delivered", 0.90), ("sent", 0.04), ("queued", 0.02), ("failed", 0.02), ("undelivered", 0.02)]
FAILURES = {"failed": ("carrier_rejected", "The carrier rejected the message."),
            "undelivered": ("unreachable", "The number could not be reached.")}


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db")
    parser.add_argument("--conversations", type=int, required=True)
    parser.add_argument("--messages", type=int, required=True)
    parser.add_argument("--seed", type=int, default=16)
    arguments = parser.parse_args()
    if not 1 <= arguments.conversations <= 1_000_000 or arguments.messages < arguments.conversations:
        parser.error("need 1 to 1,000,000 conversations and at least one message per conversation")
    return arguments


def thread_sizes(rng: random.Random, conversations: int, messages: int) -> list[int]:
    """Messages per conversation: a few long threads, then a long tail (Pareto), at least 1 each."""
    long_count = max(2, conversations // 20_000)
    long_size = min(5_000, messages // 10)
    sizes = [long_size - index * long_size // (2 * long_count) for index in range(long_count)]
    rest = conversations - long_count
    left = messages - sum(sizes) - rest
    weights = [rng.paretovariate(1.3) for _ in range(rest)]
    scale = left / sum(weights)
    # Pareto's tail would make a few threads longer than the long ones: cap it below them.
    cap = max(2, long_size // 5)
    tail = [min(cap, 1 + int(weight * scale)) for weight in weights]
    # Rounding down and the cap left some; hand them out one each, round the tail.
    index = 0
    for _ in range(messages - sum(sizes) - sum(tail)):
        while tail[index % rest] >= cap:
            index += 1
        tail[index % rest] += 1
        index += 1
    return sizes + tail


def customers(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(customer, line) pairs, unique; 4% reuse an earlier customer on another line."""
    pairs, seen_numbers, seen_pairs = [], [], set()
    while len(pairs) < count:
        if seen_numbers and rng.random() < 0.04:
            number = rng.choice(seen_numbers)
        elif rng.random() < 0.05:
            number = "+447%09d" % rng.randrange(10**9)  # UK mobile
        else:
            number = "+1%d%d%02d%04d" % (rng.choice([902, 782, 506, 709, 416, 617, 212]), rng.randrange(2, 10),
                                          rng.randrange(100), rng.randrange(10_000))
        pair = (number, rng.choice(LINES))
        if pair in seen_pairs:
            continue
        seen_pairs.add(pair)
        seen_numbers.append(number)
        pairs.append(pair)
    return pairs


def text_pool(rng: random.Random) -> list[str]:
    """Message texts: mostly a sentence or two, some long, a few empty (a picture alone)."""
    pool = []
    for _ in range(4_000):
        roll = rng.random()
        count = rng.randint(2, 12) if roll < 0.7 else rng.randint(12, 40) if roll < 0.95 else rng.randint(40, 160)
        text = " ".join(rng.choice(WORDS) for _ in range(count))
        pool.append(text[0].upper() + text[1:] + rng.choice([".", "?", "!", ""]))
    pool += [""] * 20
    return pool


def identifier(rng: random.Random, prefix: str) -> str:
    return prefix + "%032x" % rng.getrandbits(128)


def seed(db: str, conversation_count: int, message_count: int, seed_value: int) -> dict:
    rng = random.Random(seed_value)
    started = time.monotonic()
    connection = sqlite3.connect(db, isolation_level=None)
    version = connection.execute("SELECT version FROM schema_version").fetchone()[0]
    if connection.execute("SELECT COUNT(*) FROM conversations").fetchone()[0]:
        sys.exit(f"{db} already holds conversations; seed a fresh store")
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA cache_size = -1000000")  # 1 GB: index pages stay in memory while loading

    sizes = thread_sizes(rng, conversation_count, message_count)
    pairs = customers(rng, conversation_count)
    texts = text_pool(rng)

    # Every message's time, as one sortable integer (time << 20 | conversation), so ids grow with
    # time across conversations as they do when messages arrive.
    stream = []
    for conversation, size in enumerate(sizes):
        # A thread lives somewhere in the year: long threads span it, most span days or weeks.
        span = YEAR_MS if size > 500 else min(YEAR_MS, size * rng.randint(60_000, 2 * 86_400_000))
        begin = START_MS + rng.randrange(YEAR_MS - span + 1)
        stream += [((begin + rng.randrange(span)) << 20) | conversation for _ in range(size)]
    stream.sort()
    # Conversation ids in order of their first message, as record() creates them.
    ids, created = {}, {}
    for key in stream:
        conversation = key & 0xFFFFF
        if conversation not in ids:
            ids[conversation] = len(ids) + 1
            created[conversation] = key >> 20

    connection.execute("BEGIN")
    message_rows, event_rows, media_rows, send_rows = [], [], [], []
    last, unread = {}, {}
    row_id = 0
    for key in stream:
        conversation, at = key & 0xFFFFF, key >> 20
        row_id += 1
        incoming = rng.random() < 0.55
        message_id = identifier(rng, "AC")
        event_id = identifier(rng, "EV")
        text = rng.choice(texts)
        if incoming:
            direction, status = "incoming", "received"
            unread[conversation] = unread.get(conversation, 0) + 1
        else:
            direction = "outgoing"
            roll, status = rng.random(), "delivered"
            for candidate, share in STATUSES_OUT:
                if roll < share:
                    status = candidate
                    break
                roll -= share
            unread[conversation] = 0  # answering reads the conversation
        failure = FAILURES.get(status, (None, None))
        ours = not incoming and rng.random() < 0.3
        received = at + rng.randint(50, 3_000)
        message_rows.append((row_id, message_id, event_id, ids[conversation], direction, text, status, at,
                             received, received + (rng.randint(500, 20_000) if not incoming else 0),
                             "staff@example.com" if ours else None, failure[0], failure[1]))
        event_rows.append((event_id, "message.received" if incoming else "message.created", message_id,
                           ids[conversation], received))
        if not incoming and status == "delivered" and rng.random() < 0.5:
            event_rows.append((identifier(rng, "EV"), "message.delivered", message_id, ids[conversation],
                               received + 4_000))
        if ours:
            send_rows.append((row_id, "failed" if failure[0] else "accepted", message_id, received))
        if rng.random() < 0.02:
            media_rows.append((row_id, 0, f"https://media.example.com/{message_id}.jpg", "image/jpeg"))
        previous = last.get(conversation)
        if previous is None or (at, message_id) > (previous[0], previous[1]):
            last[conversation] = (at, message_id, text, direction)
        if len(message_rows) >= 50_000:
            flush(connection, message_rows, event_rows, media_rows, send_rows)

    flush(connection, message_rows, event_rows, media_rows, send_rows)
    connection.executemany("""
        INSERT INTO conversations (id, customer, line, created_at, name, name_key, name_source, company,
            company_key, hubspot_contact_id, unread_count, last_message_at, last_message_id, last_message_text,
            last_message_direction, looked_up_at, lookup_outcome, next_lookup_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """, conversation_rows(rng, ids, created, pairs, last, unread))
    connection.execute("COMMIT")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return {"db": db, "schemaVersion": version, "conversations": conversation_count, "messages": message_count,
            "longestThread": max(sizes), "seconds": round(time.monotonic() - started, 1)}


def conversation_rows(rng, ids, created, pairs, last, unread):
    for conversation, conversation_id in ids.items():
        customer, line = pairs[conversation]
        at, message_id, text, direction = last[conversation]
        roll = rng.random()
        source = "hubspot" if roll < 0.70 else "openphone" if roll < 0.80 else "manual" if roll < 0.85 else None
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" if source else None
        company = None
        if source and rng.random() < 0.35:
            company = " ".join(filter(None, [rng.choice(COMPANY_WORDS), rng.choice(COMPANY_KINDS),
                                             rng.choice(COMPANY_SUFFIXES)]))
        looked_up = at + 60_000 if source != "manual" and rng.random() < 0.9 else None
        outcome = ("found" if source == "hubspot" else "notFound") if looked_up else None
        next_lookup = None if source in ("hubspot", "manual") or looked_up is None else looked_up + 86_400_000
        yield (conversation_id, customer, line, created[conversation], name, name.lower() if name else None, source,
               company, company.lower() if company else None,
               str(rng.randrange(10**9, 10**11)) if source == "hubspot" else None, min(unread.get(conversation, 0), 9),
               at, message_id, text, direction, looked_up, outcome, next_lookup)


def flush(connection, message_rows, event_rows, media_rows, send_rows) -> None:
    connection.executemany("""
        INSERT INTO messages (id, message_id, event_id, conversation_id, direction, text, status, created_at,
            received_at, status_updated_at, sent_by, failure_code, failure_message)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """, message_rows)
    connection.executemany("""
        INSERT INTO processed_events (event_id, event_type, message_id, conversation_id, processed_at)
        VALUES (?, ?, ?, ?, ?)
        """, event_rows)
    connection.executemany("INSERT INTO message_media (message_id, position, url, content_type) VALUES (?, ?, ?, ?)",
                           media_rows)
    connection.executemany("""
        INSERT INTO outgoing_sends (message_row, state, openphone_id, updated_at) VALUES (?, ?, ?, ?)
        """, send_rows)
    for rows in (message_rows, event_rows, media_rows, send_rows):
        rows.clear()


if __name__ == "__main__":
    options = parse()
    print(json.dumps(seed(options.db, options.conversations, options.messages, options.seed)))
