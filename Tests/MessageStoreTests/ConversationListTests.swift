@testable import MessageStore
import Testing

@Suite struct ConversationListTests {
    /// `count` conversations with distinct customers; every third shares a time with its neighbour.
    func fill(_ store: MessageStore, count: Int) throws {
        for index in 0..<count {
            try store.record(event("EV\(index)", message: "AC\(index)", customer: customer(index),
                                   at: at(Int64(index / 3 * 3))))
        }
    }

    @Test func newestFirstWithTiesByID() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            try fill(store, count: 6)
            let page = try store.conversations(limit: 10)
            // Times 0,0,0,3,3,3 for ids 1…6: newest time first, higher id first within a time.
            #expect(page.conversations.map(\.id.rawValue) == [6, 5, 4, 3, 2, 1])
            #expect(page.next == nil)
            // A new message moves its conversation to the top.
            try store.record(event("EVnew", message: "ACnew", customer: customer(0), at: at(100)))
            #expect(try store.conversations(limit: 1).conversations.first?.customer == customer(0))
        }
    }

    @Test func pagingVisitsEveryConversationOnceEvenWhenOthersMove() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            try fill(store, count: 50)
            var seen: [Int64] = []
            var cursor: ConversationCursor?
            var pages = 0
            repeat {
                let page = try store.conversations(limit: 7, before: cursor)
                seen += page.conversations.map(\.id.rawValue)
                #expect(page.conversations.count == (page.next == nil ? 50 % 7 : 7))
                // Between pages a conversation already seen gets a new message (moves to the top):
                // neither it nor its old neighbours may be repeated or skipped.
                if pages == 1 {
                    try store.record(event("EVmove", message: "ACmove", customer: customer(49), at: at(1000)))
                }
                // The cursor survives its trip through the HTTP layer as text.
                cursor = try page.next.map { try ConversationCursor(parsing: $0.encoded) }
                pages += 1
            } while cursor != nil
            #expect(pages == 8)
            #expect(seen.count == 50)
            #expect(Set(seen).count == 50)
            #expect(seen == seen.sorted(by: >))  // ids were made in time order here
        }
    }

    @Test func aCursorThatIsNotOursIsATypedError() throws {
        for text in ["", "abc", "1732550000000", "1732550000000_", "_42", "-1_42", "1_2_3", "1732550000000_4x",
                     "99999999999999999999_1", " 1_2"] {
            #expect(throws: MessageStoreError.self, "\(text)") { try ConversationCursor(parsing: text) }
            do { _ = try ConversationCursor(parsing: text) } catch { #expect(error.kind == .invalidCursor) }
        }
        #expect(try ConversationCursor(parsing: "1732550000000_42")
                == ConversationCursor(at: EpochMilliseconds(1_732_550_000_000), id: ConversationID(rawValue: 42)))
    }

    @Test func queryMatchesNameOrCompanyIgnoringCase() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            try fill(store, count: 5)
            try store.setName(PersonName("Ada Lovelace")!, source: .hubspot, forCustomer: customer(0))
            try store.setName(PersonName("ÉMILE Zola")!, company: "Analytical Engines", source: .hubspot, forCustomer: customer(1))
            try store.setName(PersonName("Bay 123")!, source: .manual, forCustomer: customer(2))

            func names(_ query: String) throws -> [String] {
                try store.conversations(limit: 50, matching: query).conversations.compactMap(\.name?.rawValue)
            }
            #expect(try names("love") == ["Ada Lovelace"])
            #expect(try names("émile") == ["ÉMILE Zola"])           // non-ASCII case folding
            #expect(try names("ANALYTICAL") == ["ÉMILE Zola"])     // company
            #expect(try names("bay 123") == ["Bay 123"])           // a name with digits is still a name
            #expect(try store.conversations(limit: 50, matching: "  ").conversations.count == 5)
            #expect(try store.conversations(limit: 50, matching: "nobody").conversations.isEmpty)
        }
    }

    @Test func queryWithThreeOrMoreDigitsMatchesTheNumber() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            try fill(store, count: 12)  // +19025550000 … +19025550011
            func customers(_ query: String) throws -> [String] {
                try store.conversations(limit: 50, matching: query).conversations.map(\.customer.rawValue).sorted()
            }
            #expect(try customers("(902) 555-0011") == ["+19025550011"])
            #expect(try customers("555001") == ["+19025550010", "+19025550011"])
            #expect(try customers("+1 902") .count == 12)
            #expect(try customers("00").isEmpty)        // two digits: a name query only
            #expect(try customers("٥٥٥٠٠١١") == ["+19025550011"])  // Arabic-Indic digits
            #expect(try customers("+44").isEmpty)
        }
    }

    @Test func wildcardsInTheQueryAreLiteral() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            try fill(store, count: 4)
            try store.setName(PersonName("100% Juice")!, source: .manual, forCustomer: customer(0))
            try store.setName(PersonName("Snake_Case")!, source: .manual, forCustomer: customer(1))
            try store.setName(PersonName("Plain Name")!, source: .manual, forCustomer: customer(2))
            try store.setName(PersonName("Back\\slash")!, source: .manual, forCustomer: customer(3))
            func names(_ query: String) throws -> [String] {
                try store.conversations(limit: 50, matching: query).conversations.compactMap(\.name?.rawValue)
            }
            #expect(try names("%") == ["100% Juice"])
            #expect(try names("_") == ["Snake_Case"])
            #expect(try names("e_c") == ["Snake_Case"])
            #expect(try names("n%e").isEmpty)           // would match "Plain Name" as a LIKE pattern
            #expect(try names("\\") == ["Back\\slash"])
            #expect(try names("'") .isEmpty)
        }
    }

    @Test func queryAndCursorCombine() throws {
        try TemporaryDirectory.with { directory in
            let store = try openStore(directory)
            try fill(store, count: 20)
            for index in stride(from: 0, to: 20, by: 2) {
                try store.setName(PersonName("Smith \(index)")!, source: .hubspot, forCustomer: customer(index))
            }
            let first = try store.conversations(limit: 4, matching: "smith")
            let second = try store.conversations(limit: 4, before: first.next, matching: "smith")
            let third = try store.conversations(limit: 4, before: second.next, matching: "smith")
            let all = (first.conversations + second.conversations + third.conversations).map(\.name!.rawValue)
            #expect(all.count == 10)
            #expect(Set(all).count == 10)
            #expect(third.next == nil)
        }
    }
}
