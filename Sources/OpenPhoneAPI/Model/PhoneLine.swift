import JSON

/// One of the workspace's OpenPhone numbers, as `GET /v1/phone-numbers` lists it.
///
/// ```swift
/// let lines = try client.phoneNumbers()
/// let sender = PhoneLine.preferred(in: lines)?.sender   // .line("PN…")
/// ```
public struct PhoneLine: Sendable, Equatable {
    /// The line's id (`PN…`): what `from` and webhooks' `phoneNumberId` hold.
    public var id: String
    /// Its number in E.164.
    public var number: String
    /// The name the workspace gave it ("Sales"), if any.
    public var name: String?

    public init(id: String, number: String, name: String? = nil) {
        self.id = id
        self.number = number
        self.name = name
    }

    /// The line as a message's `from`: its id, which stays right if the number is ported.
    public var sender: MessageSender { .line(id) }

    /// The line to send from when none is configured: the only one, else the first as OpenPhone
    /// lists them (the workspace's oldest, in practice). A workspace with several lines should
    /// set `OPENPHONE_FROM`; the choice is logged by whoever makes it.
    public static func preferred(in lines: [PhoneLine]) -> PhoneLine? { lines.first }

    /// Reads `{"data": [{"id", "number", "name", …}, …]}`; entries without an id or a number are
    /// skipped (they cannot be sent from). nil when there is no `data` array at all.
    static func lines(in json: JSONValue) -> [PhoneLine]? {
        guard let entries = json["data"]?.arrayValue else { return nil }
        return entries.compactMap { entry in
            guard let id = entry["id"]?.stringValue, !id.isEmpty,
                  let number = entry["number"]?.stringValue ?? entry["phoneNumber"]?.stringValue, !number.isEmpty
            else { return nil }
            let name = entry["name"]?.stringValue
            return PhoneLine(id: id, number: number, name: name?.isEmpty == true ? nil : name)
        }
    }
}
