// messages-dead-letters: lists the verified OpenPhone deliveries the webhook could not read
// (acknowledged, kept in the store's dead_letters table) and, after an upgrade, re-processes
// them with the current code through the webhook's own reading and recording.
//
//   MESSAGES_DB=/var/lib/hubspot-fcgi/messages/messages.db messages-dead-letters replay
//
// Exit codes: 0 done (letters that still do not read stay pending and are listed), 1 the store
// failed or no such dead letter, 64 bad usage, 78 configuration error.
import Base
import Glibc
import HubSpot
import MessageStore
import Messages

let command: DeadLetterCommand
do {
    command = try DeadLetterCommand(arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
    Console.error("messages-dead-letters: \(error.message)\n\(DeadLetterCommand.usage)")
    exit(ExitCode.usage)
}
if command == .help {
    print(DeadLetterCommand.usage)
    exit(ExitCode.success)
}

let store: MessageStore
let reader: DeliveryReader
do {
    let environment = Environment.current()
    let settings = try MessagesSettings(environment: environment)
    reader = DeliveryReader(region: try HubSpotConfiguration(environment: environment).defaultRegion)
    do {
        store = try MessageStore(location: settings.store)
    } catch {
        Console.error("messages-dead-letters: cannot open the message store (\(settings.store)): \(error)")
        exit(ExitCode.failure)
    }
} catch {
    Console.error("messages-dead-letters: \(error.message)")
    exit(ExitCode.configuration)
}

do {
    switch command {
    case .list(let all):
        let letters = try store.deadLetters(pendingOnly: !all)
        for letter in letters { print(DeadLetterPrinter.line(letter)) }
        let summary = try store.deadLetterSummary()
        print("\(summary.pending) pending, \(summary.reprocessed) re-processed")
    case .show(let id):
        guard let letter = try store.deadLetters(id: id).first else {
            Console.error("messages-dead-letters: no dead letter \(id)")
            exit(ExitCode.failure)
        }
        print(DeadLetterPrinter.line(letter))
        // The body as it arrived, byte for byte: it need not be UTF-8.
        fflush(nil)
        _ = (letter.body + [UInt8(ascii: "\n")]).withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    case .replay(let only):
        if let only, try store.deadLetters(id: only).isEmpty {
            Console.error("messages-dead-letters: no dead letter \(only)")
            exit(ExitCode.failure)
        }
        let entries = try DeadLetterReplay(store: store, reader: reader).run(only: only)
        for entry in entries { print(DeadLetterPrinter.line(entry)) }
        print(DeadLetterPrinter.summary(entries))
    case .help:
        break
    }
} catch {
    Console.error("messages-dead-letters: the store failed: \(error)")
    exit(ExitCode.failure)
}
exit(ExitCode.success)
