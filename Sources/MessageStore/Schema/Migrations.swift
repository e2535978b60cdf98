extension Migration {
    /// Every migration, in order; versions are 1, 2, 3, … without gaps.
    static let all: [Migration] = [initialSchema, deadLetters, inbox, hubspotBothWays, mergeLinks, conversationSearch,
                                   contactEnds]

    /// Conversations, messages, media, processed events, and the name-sync bookkeeping.
    static let initialSchema = Migration(version: 1, statements: [
        """
        CREATE TABLE conversations (
            id INTEGER PRIMARY KEY,
            customer TEXT NOT NULL,              -- E.164
            line TEXT NOT NULL,                  -- OpenPhone phoneNumberId or our E.164
            created_at INTEGER NOT NULL,         -- epoch ms, when the row was made
            name TEXT,
            name_key TEXT,                       -- lowercased name, for search
            name_source TEXT CHECK (name_source IN ('openphone', 'hubspot', 'manual')),
            company TEXT,
            company_key TEXT,                    -- lowercased company, for search
            hubspot_contact_id TEXT,
            unread_count INTEGER NOT NULL DEFAULT 0 CHECK (unread_count >= 0),
            last_message_at INTEGER NOT NULL,    -- epoch ms, OpenPhone createdAt
            last_message_id TEXT NOT NULL,       -- OpenPhone message id, breaks createdAt ties
            last_message_text TEXT NOT NULL,
            last_message_direction TEXT NOT NULL CHECK (last_message_direction IN ('incoming', 'outgoing')),
            looked_up_at INTEGER,                -- epoch ms of the last HubSpot lookup
            lookup_outcome TEXT CHECK (lookup_outcome IN ('found', 'notFound', 'error')),
            next_lookup_at INTEGER,              -- epoch ms; NULL = due now
            UNIQUE (customer, line)
        )
        """,
        "CREATE INDEX conversations_by_recency ON conversations (last_message_at DESC, id DESC)",
        // Only unnamed rows are ever selected for lookup, so only they are indexed.
        """
        CREATE INDEX conversations_needing_names ON conversations (next_lookup_at, id)
            WHERE name_source IS NULL OR name_source = 'openphone'
        """,
        """
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            message_id TEXT NOT NULL UNIQUE,     -- OpenPhone AC…
            event_id TEXT NOT NULL,              -- the first event that carried it
            conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
            direction TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
            text TEXT NOT NULL,
            status TEXT NOT NULL,
            created_at INTEGER NOT NULL,         -- epoch ms, OpenPhone createdAt
            received_at INTEGER NOT NULL,        -- epoch ms, first event's arrival
            status_updated_at INTEGER NOT NULL   -- epoch ms, arrival of the event that set status
        )
        """,
        "CREATE INDEX messages_by_conversation ON messages (conversation_id, created_at)",
        """
        CREATE TABLE message_media (
            message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            url TEXT NOT NULL,
            content_type TEXT,
            PRIMARY KEY (message_id, position)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE processed_events (
            event_id TEXT PRIMARY KEY,           -- OpenPhone EV…, stable across retries
            event_type TEXT NOT NULL,
            message_id TEXT NOT NULL,
            conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
            processed_at INTEGER NOT NULL        -- epoch ms
        ) WITHOUT ROWID
        """,
    ])

    /// Verified webhook bodies this version could not read, kept so that an acknowledged
    /// delivery is never lost and can be read again after an upgrade.
    static let deadLetters = Migration(version: 2, statements: [
        """
        CREATE TABLE dead_letters (
            id INTEGER PRIMARY KEY,
            dedupe_key TEXT NOT NULL UNIQUE,     -- 'event:' + OpenPhone EV…, else 'sha256:' + hex of the body
            event_id TEXT,                       -- when the body names one
            event_type TEXT,                     -- when the body names one
            received_at INTEGER NOT NULL,        -- epoch ms, first delivery
            deliveries INTEGER NOT NULL DEFAULT 1 CHECK (deliveries >= 1),
            error_code TEXT NOT NULL,            -- why it could not be read, the latest attempt
            error_message TEXT NOT NULL,
            error_field TEXT,                    -- the payload path at fault, when known
            attempted_at INTEGER,                -- epoch ms of the last re-processing attempt
            reprocessed_at INTEGER,              -- epoch ms; NULL = still pending
            outcome TEXT CHECK (outcome IN ('stored', 'duplicate', 'ignored')),
            conversation_id INTEGER REFERENCES conversations (id) ON DELETE SET NULL,
            -- Last: reading the other columns never walks a large body's overflow pages.
            body BLOB NOT NULL                   -- the raw bytes whose signature was verified
        )
        """,
        "CREATE INDEX dead_letters_pending ON dead_letters (id) WHERE reprocessed_at IS NULL",
    ])

    /// What the inbox needs beyond the webhook's record: who sent an outgoing message from here
    /// and why it failed, the sends themselves (idempotency keys, OpenPhone's id once accepted),
    /// and whether a customer opted out by texting a stop word.
    static let inbox = Migration(version: 3, statements: [
        "ALTER TABLE messages ADD COLUMN sent_by TEXT",          // the staff user (REMOTE_USER) who sent it here
        "ALTER TABLE messages ADD COLUMN failure_code TEXT",     // why a send failed, machine-readable
        "ALTER TABLE messages ADD COLUMN failure_message TEXT",
        // The createdAt of the newest STOP/START-like message seen, and whether it was a stop:
        // keyword messages may arrive in any order, and the newest one decides.
        "ALTER TABLE conversations ADD COLUMN consent_changed_at INTEGER",
        "ALTER TABLE conversations ADD COLUMN opted_out INTEGER NOT NULL DEFAULT 0 CHECK (opted_out IN (0, 1))",
        """
        CREATE TABLE outgoing_sends (
            message_row INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
            state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 1),
            openphone_id TEXT UNIQUE,            -- OpenPhone's AC… once it accepted the send
            updated_at INTEGER NOT NULL          -- epoch ms of the last state change
        )
        """,
        "CREATE INDEX outgoing_sends_pending ON outgoing_sends (updated_at) WHERE state = 'pending'",
        """
        CREATE TABLE send_requests (
            idempotency_key TEXT PRIMARY KEY,    -- the sender's user name, NUL, the client's Idempotency-Key
            fingerprint TEXT NOT NULL,           -- what the key was first used for
            message_row INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
            created_at INTEGER NOT NULL
        ) WITHOUT ROWID
        """,
    ])

    /// HubSpot in both directions: the events its webhooks deliver (stored before they are
    /// processed, once each), the company behind a conversation's HubSpot name (so a renamed
    /// company reaches it), and the outbox of messages to log as HubSpot communications.
    static let hubspotBothWays = Migration(version: 4, statements: [
        "ALTER TABLE conversations ADD COLUMN hubspot_company_id TEXT",
        "CREATE INDEX conversations_by_contact ON conversations (hubspot_contact_id) WHERE hubspot_contact_id IS NOT NULL",
        "CREATE INDEX conversations_by_company ON conversations (hubspot_company_id) WHERE hubspot_company_id IS NOT NULL",
        """
        CREATE TABLE hubspot_events (
            dedupe_key TEXT PRIMARY KEY,         -- HubSpot's eventId may repeat: id, time, object, type
            event_id INTEGER NOT NULL,
            subscription_type TEXT NOT NULL,     -- e.g. contact.propertyChange
            object_id INTEGER NOT NULL,
            occurred_at INTEGER NOT NULL,        -- epoch ms, HubSpot's; events are processed in this order
            received_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,    -- epoch ms; a failed processing waits
            processed_at INTEGER,                -- NULL: still to do
            last_error TEXT,
            event BLOB NOT NULL                  -- the event's JSON as HubSpot sent it
        ) WITHOUT ROWID
        """,
        "CREATE INDEX hubspot_events_pending ON hubspot_events (next_attempt_at, occurred_at) WHERE processed_at IS NULL",
        """
        CREATE TABLE communications_outbox (
            message_row INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
            state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'logged', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            refusals INTEGER NOT NULL DEFAULT 0, -- times HubSpot refused it as invalid (it is given up after a few)
            next_attempt_at INTEGER NOT NULL,    -- epoch ms
            contact_id TEXT,                     -- the contact it went to (set when sent)
            sent_at INTEGER,                     -- when its batch went out; 'sent' = answer not yet known
            communication_id TEXT,               -- HubSpot's, once logged
            last_error TEXT
        )
        """,
        "CREATE INDEX communications_outbox_due ON communications_outbox (next_attempt_at) WHERE state IN ('pending', 'sent')",
        """
        CREATE TABLE service_states (
            service TEXT PRIMARY KEY,            -- e.g. hubspot_outbox
            state TEXT NOT NULL,                 -- ok, or why not (missing_scopes, unavailable, …)
            detail TEXT,                         -- what health shows (the scopes missing, …)
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID
        """,
    ])

    /// Which conversations a HubSpot merge gave their contact: the survivor rarely carries the
    /// merged contact's number (HubSpot keeps the primary's values), so these stay linked when
    /// the survivor changes later, where a link by number would be let go.
    static let mergeLinks = Migration(version: 5, statements: [
        "ALTER TABLE conversations ADD COLUMN hubspot_merged_from TEXT", // the contact id it showed before the merge
    ])

    /// An index for the conversation list's search: a substring of a name, company or number
    /// (`instr`) cannot use a B-tree, so without it a rare or absent term reads every
    /// conversation. FTS5's trigram tokenizer indexes every 3-character substring, which makes
    /// "rows containing this text" (3 characters or more) an index lookup. It holds the already
    /// lowercased keys case-sensitively, so it matches exactly what `instr` on those keys does.
    /// External content: the text lives in `conversations` only; the triggers keep the index in
    /// step, and fire only when a searched column really changes (not on every new message).
    static let conversationSearch = Migration(version: 6, statements: [
        """
        CREATE VIRTUAL TABLE conversation_search USING fts5(
            name_key, company_key, customer,
            content = 'conversations', content_rowid = 'id', tokenize = 'trigram case_sensitive 1')
        """,
        """
        CREATE TRIGGER conversation_search_insert AFTER INSERT ON conversations BEGIN
            INSERT INTO conversation_search (rowid, name_key, company_key, customer)
            VALUES (new.id, new.name_key, new.company_key, new.customer);
        END
        """,
        """
        CREATE TRIGGER conversation_search_delete AFTER DELETE ON conversations BEGIN
            INSERT INTO conversation_search (conversation_search, rowid, name_key, company_key, customer)
            VALUES ('delete', old.id, old.name_key, old.company_key, old.customer);
        END
        """,
        """
        CREATE TRIGGER conversation_search_update AFTER UPDATE OF name_key, company_key, customer ON conversations
        WHEN old.name_key IS NOT new.name_key OR old.company_key IS NOT new.company_key OR old.customer IS NOT new.customer
        BEGIN
            INSERT INTO conversation_search (conversation_search, rowid, name_key, company_key, customer)
            VALUES ('delete', old.id, old.name_key, old.company_key, old.customer);
            INSERT INTO conversation_search (rowid, name_key, company_key, customer)
            VALUES (new.id, new.name_key, new.company_key, new.customer);
        END
        """,
        // The conversations stored before this version.
        "INSERT INTO conversation_search (conversation_search) VALUES ('rebuild')",
    ])

    /// HubSpot contacts this inbox has seen end (deleted, or merged into another), and when it
    /// applied that: a read of the contact that started earlier (another process's, still in
    /// flight) answers with the contact as it was, and must not bring it back.
    static let contactEnds = Migration(version: 7, statements: [
        """
        CREATE TABLE hubspot_contact_ends (
            contact_id TEXT PRIMARY KEY,
            ended_at INTEGER NOT NULL            -- epoch ms, when the deletion or merge was applied here
        ) WITHOUT ROWID
        """,
    ])
}
