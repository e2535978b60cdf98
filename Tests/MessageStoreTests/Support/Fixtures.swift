import Base
import Glibc
@testable import MessageStore
import Synchronization
import TestSupport

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

/// Whether this run tests the store in PostgreSQL (`MESSAGE_STORE_TESTS=postgres`, a second pass
/// of the suite in `nginx/stack test`) instead of SQLite files.
let storeTestsOnPostgres = getenv("MESSAGE_STORE_TESTS").map { String(cString: $0) } == "postgres"

/// The database made for each test directory on the PostgreSQL pass: opening the store of a
/// directory again opens the same data, as it does with the directory's file.
let postgresDatabases = Mutex<[String: String]>([:])

/// Where the store of `directory` lives on this pass: its file, or its PostgreSQL database.
func storeLocation(_ directory: TemporaryDirectory) -> StoreLocation {
    guard storeTestsOnPostgres else { return .file(directory.database) }
    let url = postgresDatabases.withLock { databases in
        if let known = databases[directory.path] { return known }
        let made = PostgresServer.shared.newDatabase()
        databases[directory.path] = made
        return made
    }
    return .postgres(Secret(url))
}

/// A store on a fresh file in `directory` or, on the PostgreSQL pass, a fresh database.
func openStore(_ directory: TemporaryDirectory, maxConnections: Int = 4) throws -> MessageStore {
    try MessageStore(location: storeLocation(directory), options: .init(maxConnections: maxConnections))
}

/// `t0` plus `seconds`.
func at(_ seconds: Int64) -> EpochMilliseconds { t0 + .seconds(seconds) }

/// A customer number made from an index, `+1902555` followed by four digits.
func customer(_ index: Int) -> E164Number {
    let digits = String(index)
    return E164Number("+1902555" + String(repeating: "0", count: 4 - digits.count) + digits)!
}
