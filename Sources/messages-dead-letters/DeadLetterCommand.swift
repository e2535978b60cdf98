import MessageStore

/// `messages-dead-letters list [--all] | show ID | replay [--id ID]`, parsed.
enum DeadLetterCommand: Equatable {
    /// The pending dead letters (every one with `--all`).
    case list(all: Bool)
    /// One dead letter with its raw body.
    case show(DeadLetterID)
    /// Re-read the pending dead letters (or one) with this version.
    case replay(only: DeadLetterID?)
    case help

    static let usage = """
        usage: messages-dead-letters list [--all]      pending dead letters (--all: re-processed ones too)
               messages-dead-letters show ID           one dead letter, then its raw body
               messages-dead-letters replay [--id ID]  read pending dead letters again with this version:
                                                       what reads now is stored as the webhook would have
                                                       stored it; what does not stays pending
        configuration: MESSAGES_DB, DEFAULT_REGION (as for the responders)
        exit: 0 done, 1 store error or no such dead letter, 64 usage, 78 configuration
        """

    init(arguments: [String]) throws(DeadLetterUsageError) {
        var rest = arguments[...]
        guard let verb = rest.popFirst() else { throw DeadLetterUsageError("a command is required") }
        switch verb {
        case "list":
            var all = false
            while let argument = rest.popFirst() {
                guard argument == "--all" else { throw DeadLetterUsageError("unknown argument '\(argument)'") }
                all = true
            }
            self = .list(all: all)
        case "show":
            guard let id = rest.popFirst().flatMap(Self.id), rest.isEmpty else {
                throw DeadLetterUsageError("show needs one dead letter id")
            }
            self = .show(id)
        case "replay":
            var only: DeadLetterID?
            while let argument = rest.popFirst() {
                guard argument == "--id", let id = rest.popFirst().flatMap(Self.id) else {
                    throw DeadLetterUsageError("replay takes only --id ID")
                }
                only = id
            }
            self = .replay(only: only)
        case "--help", "-h", "help": self = .help
        default: throw DeadLetterUsageError("unknown command '\(verb)'")
        }
    }

    private static func id(_ text: String) -> DeadLetterID? {
        Int64(text).flatMap { $0 > 0 ? DeadLetterID(rawValue: $0) : nil }
    }
}

struct DeadLetterUsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
