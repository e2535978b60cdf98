import Base
import MessageStore
import Messages

/// One line per dead letter or replay result, for people and for `grep`.
enum DeadLetterPrinter {
    /// `#3 pending received=2026-11-25T13:00:00.000Z deliveries=2 event=EV1 type=message.received reason=missing_field field=data.context`
    static func line(_ letter: DeadLetter) -> String {
        var fields = ["#\(letter.id)", letter.isPending ? "pending" : "reprocessed",
                      "received=\(time(letter.receivedAt))", "deliveries=\(letter.deliveries)",
                      "event=\(letter.eventID ?? "-")", "type=\(letter.eventType ?? "-")"]
        if letter.isPending {
            fields += ["reason=\(letter.reason.code)", "field=\(letter.reason.field ?? "-")"]
        } else {
            fields += ["outcome=\(letter.outcome?.rawValue ?? "-")",
                       "conversation=\(letter.conversationID?.description ?? "-")"]
        }
        fields.append("bytes=\(letter.body.count)")
        return fields.joined(separator: " ")
    }

    /// `#3 event=EV1 stored conversation=12`, or `#4 event=- still unreadable: missing_field (…)`.
    static func line(_ entry: DeadLetterReplay.Entry) -> String {
        let head = "#\(entry.id) event=\(entry.eventID ?? "-")"
        switch entry.result {
        case .stored(let conversation): return "\(head) stored conversation=\(conversation)"
        case .duplicate(let conversation): return "\(head) already stored conversation=\(conversation)"
        case .ignored: return "\(head) ignored (an event without a message)"
        case .stillUnreadable(let reason): return "\(head) still unreadable: \(reason.code) (\(reason.message))"
        }
    }

    /// `replayed 3: 2 stored, 0 already stored, 0 ignored, 1 still unreadable`.
    static func summary(_ entries: [DeadLetterReplay.Entry]) -> String {
        var stored = 0, duplicates = 0, ignored = 0, unreadable = 0
        for entry in entries {
            switch entry.result {
            case .stored: stored += 1
            case .duplicate: duplicates += 1
            case .ignored: ignored += 1
            case .stillUnreadable: unreadable += 1
            }
        }
        return "replayed \(entries.count): \(stored) stored, \(duplicates) already stored, \(ignored) ignored, "
            + "\(unreadable) still unreadable"
    }

    private static func time(_ at: EpochMilliseconds) -> String { Timestamp(milliseconds: at.rawValue).iso8601 }
}
