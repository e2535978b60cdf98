/// The SQL of one conversation-list page, and its values: the only place that SQL is written,
/// so the query-plan test checks exactly what ``MessageStore/conversations(limit:before:matching:)`` runs.
///
/// Every page walks `conversations_by_recency` newest first and stops after `limit + 1` rows; a
/// cursor is a range start on that index (a row value, so a deep page costs what the first
/// does). A search keeps the `instr` test that defines a match, and picks how to find the rows:
///
/// - ``Plan/walk``: down the recency index, testing each row: fast when matches are common
///   (a page fills within a few thousand rows), a full pass when they are rare.
/// - ``Plan/searchIndex``: the matches from `conversation_search` (FTS5 trigrams), then sorted:
///   fast when they are few, whatever the store's size.
///
/// ``MessageStore`` counts the index's matches (up to ``walkFromMatches``) to choose. On
/// PostgreSQL a search is `LIKE '%text%'` on each key instead (escaped, so it matches exactly what
/// `instr` does), which pg_trgm's indexes answer, and PostgreSQL's planner makes the choice.
struct ConversationListQuery {
    enum Plan: Equatable {
        case walk
        case searchIndex
    }

    let sql: String
    let values: [SQLValue]

    /// From this many index matches on, a search walks the list instead: its matches then make
    /// at least 1 row in `conversations / walkFromMatches`, so a page of 50 fills soon, while
    /// sorting this many would start to cost.
    static let walkFromMatches = 1000

    init(limit: Int, before: ConversationCursor?, search: ConversationSearch?, plan: Plan, dialect: SQLDialect = .sqlite) {
        var conditions: [String] = []
        var values: [SQLValue] = []
        if let before {
            conditions.append("(last_message_at, id) < (?, ?)")
            values += [.integer(before.at.rawValue), .integer(before.id.rawValue)]
        }
        if let search, dialect == .postgres {
            var matches = ["name_key LIKE ? ESCAPE '\\'", "company_key LIKE ? ESCAPE '\\'"]
            values += [.text(search.likePattern(search.lowercased)), .text(search.likePattern(search.lowercased))]
            if let digits = search.digits {
                matches.append("customer LIKE ? ESCAPE '\\'")
                values.append(.text(search.likePattern(digits)))
            }
            conditions.append("(" + matches.joined(separator: " OR ") + ")")
        } else if let search {
            // instr(), not LIKE: a plain substring test has no wildcards, so nothing the user
            // types needs escaping. Both sides are lowercased by Swift (Unicode-aware; SQLite's
            // LIKE folds ASCII only).
            var matches = ["instr(name_key, ?) > 0", "instr(company_key, ?) > 0"]
            values += [.text(search.lowercased), .text(search.lowercased)]
            if let digits = search.digits {
                matches.append("instr(customer, ?) > 0")
                values.append(.text(digits))
            }
            conditions.append("(" + matches.joined(separator: " OR ") + ")")
            if plan == .searchIndex, let match = search.indexQuery {
                conditions.append("id IN (SELECT rowid FROM conversation_search WHERE conversation_search MATCH ?)")
                values.append(.text(match))
            }
        }
        // The SQL is assembled from the fixed fragments above only; every value is bound.
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ") + " "
        sql = "SELECT \(MessageStore.conversationColumns) FROM conversations \(filter)"
            + "ORDER BY last_message_at DESC, id DESC LIMIT ?"
        self.values = values + [.integer(Int64(limit + 1))]
    }

    /// Counts a search's index matches, up to ``walkFromMatches``; one value, the FTS5 query.
    static let countMatchesSQL = """
        SELECT COUNT(*) FROM (SELECT rowid FROM conversation_search WHERE conversation_search MATCH ? LIMIT \(walkFromMatches))
        """
}

/// A conversation-list query, prepared once: lowercased text, and its digits when it has enough
/// of them to search numbers by.
struct ConversationSearch {
    let lowercased: String
    /// The ASCII digits of the query (any script's digits converted), when there are at least 3.
    let digits: String?

    /// Nil for a blank query (list everything).
    init?(_ query: String) {
        let trimmed = TextCleaning.trimmed(query)
        guard !trimmed.isEmpty else { return nil }
        lowercased = trimmed.lowercased()
        let digits = trimmed.compactMap { $0.wholeNumberValue.flatMap { (0...9).contains($0) ? String($0) : nil } }
            .joined()
        self.digits = digits.count >= 3 ? digits : nil
    }

    /// `%text%` for LIKE, with `\`, `%` and `_` escaped so that each matches itself.
    func likePattern(_ text: String) -> String {
        var pattern = "%"
        for character in text {
            if character == "\\" || character == "%" || character == "_" { pattern.append("\\") }
            pattern.append(character)
        }
        return pattern + "%"
    }

    /// The FTS5 query for `conversation_search` finding every row the `instr` tests match: the
    /// text as one quoted string in the name and company columns, or the digits in the number.
    /// Nil when the index cannot answer: a trigram index finds only substrings of 3 characters
    /// or more (fewer match everything anyway, so walking the list is quick), and a NUL would
    /// end FTS5's string early.
    var indexQuery: String? {
        guard lowercased.unicodeScalars.count >= 3, !lowercased.unicodeScalars.contains("\0") else { return nil }
        // Inside an FTS5 string every character is literal but `"`, written twice.
        func quoted(_ text: String) -> String {
            "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
        }
        var query = "{name_key company_key} : " + quoted(lowercased)
        if let digits { query += " OR customer : " + quoted(digits) }
        return query
    }
}
