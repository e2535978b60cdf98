import Base

/// `contacts-sync [--once] [--interval SECONDS] [--batch N]`.
struct SyncOptions {
    var loop = LoopOptions(interval: 60)
    var batch = 20
    var once: Bool { loop.once }
    var interval: Double { loop.interval }

    static let usage = """
        usage: contacts-sync [--once] [--interval SECONDS] [--batch N]
          --once        one pass over every conversation without a name, then exit
          --interval S  loop mode: seconds between passes (default 60)
          --batch N     numbers per HubSpot search, 1-25 (default 20)
        configuration: MESSAGES_DB, CONTACTS_CACHE_FILE, HUBSPOT_* (see README)
        """

    init(arguments: [String]) throws(SyncOptionsError) {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            do {
                if try loop.consume(argument, from: &rest) { continue }
            } catch {
                throw SyncOptionsError(error.message)
            }
            switch argument {
            case "--batch":
                guard let value = rest.popFirst().flatMap({ Int($0) }), (1...25).contains(value) else {
                    throw SyncOptionsError("--batch needs a whole number from 1 to 25")
                }
                batch = value
            case "--help", "-h": throw SyncOptionsError(nil)
            default: throw SyncOptionsError("unknown argument '\(argument)'")
            }
        }
    }
}

struct SyncOptionsError: Error {
    /// Nil: help was asked for.
    let message: String?
    init(_ message: String?) { self.message = message }
}
