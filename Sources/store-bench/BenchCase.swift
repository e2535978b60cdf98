import MessageStore

/// One measured call, made exactly as its responder makes it.
struct BenchCase: Sendable {
    enum Kind: String, Sendable {
        /// A page a user waits for: goal p99 < 20 ms.
        case page
        /// The webhook's write: goal p99 < 5 ms.
        case insert

        var goalMilliseconds: Double { self == .page ? 20 : 5 }
    }

    let name: String
    let kind: Kind
    let run: @Sendable (BenchTarget) throws -> Void

    /// Every case of the issue, in the order they are printed. Reads first: the inserts move
    /// conversations to the top of the list.
    static let all: [BenchCase] = [
        BenchCase(name: "list first page (limit 50)", kind: .page) { target in
            _ = try target.store.conversations(limit: 50)
        },
        BenchCase(name: "list deep page (before= halfway)", kind: .page) { target in
            _ = try target.store.conversations(limit: 50, before: target.facts.listMiddle)
        },
        BenchCase(name: "list q= name fragment 'lovel'", kind: .page) { target in
            _ = try target.store.conversations(limit: 50, matching: "lovel")
        },
        BenchCase(name: "list q= company fragment 'plumb'", kind: .page) { target in
            _ = try target.store.conversations(limit: 50, matching: "plumb")
        },
        BenchCase(name: "list q= number fragment (oldest)", kind: .page) { target in
            _ = try target.store.conversations(limit: 50, matching: target.facts.oldestCustomerFragment)
        },
        BenchCase(name: "list q= no match 'zzyzx'", kind: .page) { target in
            _ = try target.store.conversations(limit: 50, matching: "zzyzx")
        },
        // The thread responder reads the page, then the conversation for its header.
        BenchCase(name: "thread first page, long thread", kind: .page) { target in
            _ = try target.store.thread(target.facts.longThread, limit: 50)
            _ = try target.store.conversation(target.facts.longThread)
        },
        BenchCase(name: "thread deep page, long (halfway)", kind: .page) { target in
            _ = try target.store.thread(target.facts.longThread, limit: 50, before: target.facts.longThreadMiddle)
            _ = try target.store.conversation(target.facts.longThread)
        },
        BenchCase(name: "thread first page, typical thread", kind: .page) { target in
            _ = try target.store.thread(target.facts.typicalThread, limit: 50)
            _ = try target.store.conversation(target.facts.typicalThread)
        },
        BenchCase(name: "insert: message, known conversation", kind: .insert) { target in
            _ = try target.store.record(target.nextMessage(newConversation: false))
        },
        BenchCase(name: "insert: message, new conversation", kind: .insert) { target in
            _ = try target.store.record(target.nextMessage(newConversation: true))
        },
    ]
}
