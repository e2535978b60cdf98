#!/usr/bin/env python3
"""Copies a seeded store file into a PostgreSQL database the product already migrated, for the
store-at-scale bench on PostgreSQL: the same rows, so the two engines answer the same calls.

    store_to_postgres.py SQLITE_FILE --psql "psql -h HOST -p PORT -U USER -d DB"

Every table the seed fills goes in with one COPY (through psql), columns by name; the identity
sequences then continue after the copied ids, and ANALYZE runs (autovacuum would, within a minute
of such a load). Prints one JSON line with the row counts.
"""
import argparse
import csv
import io
import json
import shlex
import sqlite3
import subprocess
import sys

TABLES = ["conversations", "messages", "message_media", "processed_events", "outgoing_sends"]
IDENTITIES = ["conversations", "messages"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sqlite")
    parser.add_argument("--psql", required=True, help="the psql command line reaching the database")
    arguments = parser.parse_args()
    psql = shlex.split(arguments.psql)
    source = sqlite3.connect(arguments.sqlite)
    counts = {}
    for table in TABLES:
        columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
        buffer = io.StringIO()
        # NULL as an unquoted \N (the seed writes no such text), so an empty string stays one.
        writer = csv.writer(buffer, lineterminator="\n")
        rows = 0
        for row in source.execute(f"SELECT {', '.join(columns)} FROM {table}"):
            writer.writerow(["\\N" if value is None else value for value in row])
            rows += 1
        copy = f"\\copy {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
        subprocess.run(psql + ["-q", "-v", "ON_ERROR_STOP=1", "-c", copy], input=buffer.getvalue(), text=True,
                       check=True)
        counts[table] = rows
    sequences = "; ".join(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                          f"GREATEST((SELECT MAX(id) FROM {table}), 1))" for table in IDENTITIES)
    subprocess.run(psql + ["-q", "-v", "ON_ERROR_STOP=1", "-c", sequences + "; ANALYZE"],
                   check=True, stdout=subprocess.DEVNULL)
    print(json.dumps({"copied": counts}))


if __name__ == "__main__":
    sys.exit(main())
