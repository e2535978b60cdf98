@testable import MessageStore

let ada = E164Number("+19025551234")!
let bob = E164Number("+442079460018")!
let mainLine = BusinessLine("PNmain")!
let otherLine = BusinessLine("PNother")!
/// 2024-11-25T15:53:20Z, a plausible OpenPhone createdAt.
let t0 = EpochMilliseconds(1_732_550_000_000)

/// A message event with sensible defaults; every test overrides what it is about.
func event(_ eventID: String, message messageID: String = "AC1", type: String = "message.received",
           direction: MessageDirection = .incoming, customer: E164Number = ada, line: BusinessLine = mainLine,
           text: String = "Hello", media: [MediaAttachment] = [], status: MessageStatus = .received,
           at createdAt: EpochMilliseconds = t0, name: PersonName? = nil) -> InboundMessage {
    InboundMessage(eventID: eventID, eventType: type, messageID: messageID, direction: direction,
                   customer: customer, line: line, text: text, media: media, status: status,
                   createdAt: createdAt, receivedAt: t0 + .seconds(1), contactName: name)
}

/// A store on a fresh file in `directory`.
func openStore(_ directory: TemporaryDirectory, maxConnections: Int = 4) throws -> MessageStore {
    try MessageStore(path: directory.database, options: .init(maxConnections: maxConnections))
}

/// `t0` plus `seconds`.
func at(_ seconds: Int64) -> EpochMilliseconds { t0 + .seconds(seconds) }

/// A customer number made from an index, `+1902555` followed by four digits.
func customer(_ index: Int) -> E164Number {
    let digits = String(index)
    return E164Number("+1902555" + String(repeating: "0", count: 4 - digits.count) + digits)!
}
