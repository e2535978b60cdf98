@testable import MessageStore
import Testing

/// The list, the thread and the webhook's insert stay fast at 100,000 conversations and
/// 1,000,000 messages only while SQLite reaches their rows through indexes (issue 16; figures
/// from `nginx/bench/store.sh`). These read `EXPLAIN QUERY PLAN` of the exact SQL the store
/// runs, taken from where the store keeps it. The product never runs ANALYZE, so a small file
/// gets the plans a large one gets.
@Suite(.enabled(if: !storeTestsOnPostgres, "SQLite's query plans")) struct QueryPlanTests {
    /// A full pass over a table: `SCAN conversations` with no index (an index walked in order,
    /// `SCAN … USING INDEX`, stops at the page's LIMIT and is allowed where said).
    static func scansTable(_ line: String) -> Bool {
        line.hasPrefix("SCAN ") && !line.contains(" USING ") && !line.contains("VIRTUAL TABLE")
    }

    func plan(_ sql: String, _ values: [SQLValue], in store: MessageStore) throws -> [String] {
        try store.withConnection { (db) throws(MessageStoreError) in
            try db.statement("EXPLAIN QUERY PLAN " + sql).all(values) { $0.text(3) }
        }
    }

    /// The list page as ``MessageStore/conversations(limit:before:matching:)`` builds it.
    func listPlan(_ store: MessageStore, before: ConversationCursor? = nil, query: String? = nil,
                  plan choice: ConversationListQuery.Plan = .walk) throws -> [String] {
        let sql = ConversationListQuery(limit: 50, before: before, search: query.flatMap(ConversationSearch.init),
                                        plan: choice)
        return try plan(sql.sql, sql.values, in: store)
    }

    let cursor = ConversationCursor(at: t0, id: ConversationID(rawValue: 42))

    @Test func listPagesWalkTheRecencyIndexWithoutSorting() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let first = try listPlan(store)
            #expect(first == ["SCAN conversations USING INDEX conversations_by_recency"], "\(first)")
            // A cursor starts the walk where it points (a range), so a deep page costs what the first does.
            let deep = try listPlan(store, before: cursor)
            #expect(deep.contains { $0.hasPrefix("SEARCH conversations USING INDEX conversations_by_recency (last_message_at<") },
                    "\(deep)")
            // A common search term walks the same index, newest first, and stops when the page is full.
            for query in ["ad", "ada", "555-12"] {
                for before in [nil, cursor] {
                    let walk = try listPlan(store, before: before, query: query, plan: .walk)
                    #expect(walk.contains { $0.contains("USING INDEX conversations_by_recency") }, "\(query): \(walk)")
                    #expect(!walk.contains { $0.contains("TEMP B-TREE") }, "\(query): \(walk)")
                    #expect(!walk.contains(where: Self.scansTable), "\(query): \(walk)")
                }
            }
        }
    }

    @Test func aRareSearchTermIsFoundThroughTheSearchIndex() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            for query in ["lovel", "zzyzx", "902-555-12", "o\"brien"] {
                for before in [nil, cursor] {
                    let indexed = try listPlan(store, before: before, query: query, plan: .searchIndex)
                    // The matches from the trigram index, each row by its id; only they are sorted.
                    #expect(indexed.contains { $0.contains("conversation_search VIRTUAL TABLE") }, "\(query): \(indexed)")
                    #expect(indexed.contains { $0.hasPrefix("SEARCH conversations USING INTEGER PRIMARY KEY") },
                            "\(query): \(indexed)")
                    #expect(!indexed.contains(where: Self.scansTable), "\(query): \(indexed)")
                }
            }
            let count = try plan(ConversationListQuery.countMatchesSQL, [.text(ConversationSearch("lovel")!.indexQuery!)],
                                 in: store)
            // Counting reads the index alone (its subquery's rows), never the table.
            #expect(count.allSatisfy { $0.contains("conversation_search VIRTUAL TABLE") || $0.contains("(subquery-") },
                    "\(count)")
        }
    }

    @Test func threadPagesSeekTheConversationsIndexWithoutSorting() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let conversation = ConversationID(rawValue: 7)
            let first = ThreadPageQuery(conversation: conversation, before: nil)
            let deep = ThreadPageQuery(conversation: conversation, before: MessageCursor(at: t0, id: MessageID(rawValue: 9)))
            let firstPlan = try plan(MessageStore.messagesSQL(where: first.condition, order: ThreadPageQuery.order),
                                     first.values + [.integer(51)], in: store)
            #expect(firstPlan == ["SEARCH m USING INDEX messages_by_conversation (conversation_id=?)"], "\(firstPlan)")
            let deepPlan = try plan(MessageStore.messagesSQL(where: deep.condition, order: ThreadPageQuery.order),
                                    deep.values + [.integer(51)], in: store)
            #expect(deepPlan == ["SEARCH m USING INDEX messages_by_conversation (conversation_id=? AND created_at<?)"],
                    "\(deepPlan)")
            #expect(try plan(MessageStore.mediaSQL(messages: 3), [.integer(1), .integer(2), .integer(3)], in: store)
                    == ["SEARCH message_media USING PRIMARY KEY (message_id=?)"])
            #expect(try plan(MessageStore.conversationExistsSQL, [.integer(1)], in: store)
                    == ["SEARCH conversations USING INTEGER PRIMARY KEY (rowid=?)"])
        }
    }

    @Test func theWebhooksInsertFindsEveryRowByAKey() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let text = SQLValue.text("x"), number = SQLValue.integer(1)
            let lookups: [(String, [SQLValue], String)] = [
                (RecordSQL.processedEvent, [text], "SEARCH processed_events USING PRIMARY KEY (event_id=?)"),
                (RecordSQL.storedMessage, [text], "SEARCH messages USING INDEX sqlite_autoindex_messages_1 (message_id=?)"),
                (RecordSQL.conversationByNumber, [text, text],
                 "SEARCH conversations USING COVERING INDEX sqlite_autoindex_conversations_1 (customer=? AND line=?)"),
                (RecordSQL.addUnread, [number, number], "SEARCH conversations USING INTEGER PRIMARY KEY (rowid=?)"),
                (RecordSQL.replaceLastMessage, [number, text, text, text, number],
                 "SEARCH conversations USING INTEGER PRIMARY KEY (rowid=?)"),
            ]
            for (sql, values, expected) in lookups {
                #expect(try plan(sql, values, in: store) == [expected], "\(sql)")
            }
            let name = try plan(MessageStore.nameUpdateSQL(where: "id = ?"), Array(repeating: text, count: 8) + [number, number],
                                in: store)
            #expect(name == ["SEARCH conversations USING INTEGER PRIMARY KEY (rowid=?)"], "\(name)")
            // An outgoing message's webhook first looks for our unconfirmed send: the conversation
            // by its number, then that conversation's recent messages.
            let adopt = try plan(MessageStore.unconfirmedSendSQL, [text, text, text, number], in: store)
            #expect(adopt.allSatisfy { $0.hasPrefix("SEARCH ") }, "\(adopt)")
            #expect(adopt.contains { $0.contains("messages_by_conversation (conversation_id=? AND created_at>?)") }, "\(adopt)")
        }
    }

    /// Conversations named `name`, straight into the table (the trigger indexes them).
    func insertNamed(_ name: String, count: Int, from first: Int, into path: String) {
        RawDatabase.with(path) { raw in
            raw.execute("""
                WITH RECURSIVE n(i) AS (SELECT \(first) UNION ALL SELECT i + 1 FROM n WHERE i < \(first + count - 1))
                INSERT INTO conversations (customer, line, created_at, name, name_key, name_source, last_message_at,
                    last_message_id, last_message_text, last_message_direction)
                SELECT printf('+1902%07d', i), 'PNmain', i, '\(name)', lower('\(name)'), 'hubspot', i, 'AC' || i, 'hi',
                    'incoming' FROM n
                """)
        }
    }

    @Test func aSearchWalksTheListWhenItsMatchesAreMany() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            insertNamed("Ada Lovelace", count: ConversationListQuery.walkFromMatches, from: 0, into: directory.database)
            insertNamed("Grace Hopper", count: 3, from: 5_000, into: directory.database)
            try store.withConnection { (db) throws(MessageStoreError) in
                #expect(try MessageStore.listPlan(for: ConversationSearch("lovelace"), in: db) == .walk)
                #expect(try MessageStore.listPlan(for: ConversationSearch("hopper"), in: db) == .searchIndex)
                #expect(try MessageStore.listPlan(for: ConversationSearch("ho"), in: db) == .walk)  // under 3 characters
                #expect(try MessageStore.listPlan(for: nil, in: db) == .walk)
            }
            #expect(try store.conversations(limit: 50, matching: "hopper").conversations.count == 3)
            let many = try store.conversations(limit: 50, matching: "LOVELACE")
            #expect(many.conversations.count == 50)
            #expect(many.conversations.first?.customer.rawValue == "+19020000999")  // newest first
        }
    }

    /// The index is only a way to the rows the `instr` tests define: both plans answer alike,
    /// also after names change (the update trigger) and for text FTS5 would read as syntax.
    @Test func bothPlansFindTheSameConversations() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            let names = ["Ada Lovelace", "Zoë O\"Brien", "ÉMILE Zola", "AND OR NOT", "Bay 123", "Grace (Hopper)*"]
            for (index, name) in names.enumerated() {
                try store.record(event("EV\(index)", message: "AC\(index)", customer: customer(index), at: at(Int64(index))))
                try store.setName(PersonName(name)!, company: index == 2 ? "Analytical Engines" : nil,
                                  source: .hubspot, forCustomer: customer(index))
            }
            try store.setName(PersonName("Charles Babbage")!, source: .manual, forCustomer: customer(0))  // was Ada
            func ids(_ query: String, _ choice: ConversationListQuery.Plan) throws -> [Int64] {
                let sql = ConversationListQuery(limit: 50, before: nil, search: ConversationSearch(query), plan: choice)
                return try store.withConnection { (db) throws(MessageStoreError) in
                    try db.statement(sql.sql).all(sql.values) { $0.integer(0) }
                }
            }
            let queries = ["lovelace", "babbage", "o\"brien", "zoë", "émile", "analytical engines", "and or not",
                           "(hopper)*", "bay 123", "555-000", "0003", "zzyzx", "  ada  "]
            for query in queries {
                #expect(try ids(query, .searchIndex) == ids(query, .walk), "\(query)")
            }
            #expect(try ids("babbage", .searchIndex) == [1])
            #expect(try ids("lovelace", .searchIndex) == [])
            #expect(try ids("555-000", .searchIndex).count == names.count)
        }
    }

    @Test func conversationsStoredBeforeTheSearchIndexAreIndexedByItsMigration() throws {
        try TemporaryDirectory.with { directory in
            do {
                let old = try MessageStore(path: directory.database, options: .init(),
                                           migrations: Array(Migration.all.prefix(5)))
                try old.record(event("EV1", message: "AC1", customer: ada))
                try old.setName(PersonName("Grace Hopper")!, source: .hubspot, forCustomer: ada)
            }
            let store = try openStore(directory)
            #expect(store.appliedMigrations == Array(6...Migration.all.count))
            try store.withConnection { (db) throws(MessageStoreError) in
                #expect(try MessageStore.listPlan(for: ConversationSearch("hopper"), in: db) == .searchIndex)
            }
            #expect(try store.conversations(limit: 50, matching: "hopper").conversations.map(\.customer) == [ada])
        }
    }
}
