import CSQLite
import MessageStore

/// What the measured calls need to know about a seeded store, read once with plain SQL before
/// anything is timed: the cursors and ids a user would be holding when they ask for a page.
struct SeedFacts {
    var conversations: Int
    var messages: Int
    /// The conversation with the most messages, and how many it holds.
    var longThread: ConversationID
    var longThreadSize: Int
    /// Where a user paging back through the long thread is halfway.
    var longThreadMiddle: MessageCursor
    /// The conversation halfway down the list: a thread of the long tail.
    var typicalThread: ConversationID
    var typicalThreadSize: Int
    /// Where a user paging down the conversation list is halfway.
    var listMiddle: ConversationCursor
    /// The number of the conversation with the oldest last message, as someone searching for
    /// that customer types part of it (`"555-0123"`): its match is the list's last row.
    var oldestCustomerFragment: String
    /// Existing (customer, line) pairs, in random order, for new messages into known conversations.
    var existing: [(customer: E164Number, line: BusinessLine)]
    var lines: [BusinessLine]

    /// Reads the facts from the file at `path` (read-only; the store is not involved).
    init(path: String, existingSample: Int) throws(BenchError) {
        let db = try Database(path)
        conversations = try db.integer("SELECT COUNT(*) FROM conversations")
        messages = try db.integer("SELECT COUNT(*) FROM messages")
        guard conversations > 0 else { throw BenchError("\(path) holds no conversations; seed it first") }
        let long = try db.rows("""
            SELECT conversation_id, COUNT(*) FROM messages GROUP BY conversation_id ORDER BY 2 DESC LIMIT 1
            """) { ($0.integer(0), $0.integer(1)) }[0]
        longThread = ConversationID(rawValue: Int64(long.0))
        longThreadSize = long.1
        longThreadMiddle = try db.rows("""
            SELECT created_at, id FROM messages WHERE conversation_id = \(long.0)
            ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET \(long.1 / 2)
            """) { MessageCursor(at: EpochMilliseconds(Int64($0.integer(0))), id: MessageID(rawValue: Int64($0.integer(1)))) }[0]
        let middle = try db.rows("""
            SELECT last_message_at, id FROM conversations ORDER BY last_message_at DESC, id DESC
            LIMIT 2 OFFSET \(conversations / 2)
            """) { (at: Int64($0.integer(0)), id: Int64($0.integer(1))) }
        listMiddle = ConversationCursor(at: EpochMilliseconds(middle[0].at), id: ConversationID(rawValue: middle[0].id))
        typicalThread = ConversationID(rawValue: middle.last!.id)
        typicalThreadSize = try db.integer("SELECT COUNT(*) FROM messages WHERE conversation_id = \(middle.last!.id)")
        let oldest = try db.rows("SELECT customer FROM conversations ORDER BY last_message_at, id LIMIT 1") { $0.text(0) }[0]
        let digits = oldest.suffix(7)
        oldestCustomerFragment = digits.prefix(3) + "-" + digits.suffix(4)
        existing = try db.rows("SELECT customer, line FROM conversations ORDER BY random() LIMIT \(existingSample)") {
            (E164Number($0.text(0))!, BusinessLine($0.text(1))!)
        }
        lines = try db.rows("SELECT DISTINCT line FROM conversations") { BusinessLine($0.text(0))! }
    }
}

/// A read-only SQLite handle for ``SeedFacts``: fixed SQL, no user input.
private final class Database {
    let handle: OpaquePointer

    init(_ path: String) throws(BenchError) {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK, let db else {
            sqlite3_close_v2(db)
            throw BenchError("cannot open \(path)")
        }
        handle = db
    }

    deinit { sqlite3_close_v2(handle) }

    struct Row {
        let statement: OpaquePointer
        func integer(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement, column)) }
        func text(_ column: Int32) -> String { String(cString: sqlite3_column_text(statement, column)) }
    }

    func rows<T>(_ sql: String, _ transform: (Row) -> T) throws(BenchError) -> [T] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw BenchError("\(sql): \(String(cString: sqlite3_errmsg(handle)))")
        }
        defer { sqlite3_finalize(statement) }
        var result: [T] = []
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW: result.append(transform(Row(statement: statement)))
            case SQLITE_DONE: return result
            default: throw BenchError("\(sql): \(String(cString: sqlite3_errmsg(handle)))")
            }
        }
    }

    func integer(_ sql: String) throws(BenchError) -> Int {
        guard let value = try rows(sql, { $0.integer(0) }).first else { throw BenchError("\(sql): no row") }
        return value
    }
}

/// Why the bench could not run.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
