import JSON

/// One event object being read, with its index in the delivery so that every error names it.
/// Absent and `null` are the same.
///
/// Strict only where the inbox needs the data (ids, the type, the time, what changed); metadata
/// that is merely recorded (`changeSource`, `portalId`, …) in an unexpected type reads as absent,
/// so a cosmetic difference never turns a delivery into a dead letter.
struct EventFields {
    let object: JSONObject
    let index: Int

    func value(_ key: String) -> JSONValue? {
        guard let member = object[key], !member.isNull else { return nil }
        return member
    }

    /// An id: a JSON integer, or a string of digits (HubSpot's object APIs send ids as strings).
    func requiredID(_ key: String) throws(HubSpotEventsError) -> Int64 {
        guard let member = value(key) else { throw .missing(index, key) }
        guard let id = Self.id(member) else { throw .invalid(index, key, "a non-negative integer") }
        return id
    }

    func optionalID(_ key: String) throws(HubSpotEventsError) -> Int64? {
        guard value(key) != nil else { return nil }
        return try requiredID(key)
    }

    func requiredIDs(_ key: String) throws(HubSpotEventsError) -> [Int64] {
        guard let member = value(key) else { throw .missing(index, key) }
        guard let items = member.arrayValue else { throw .invalid(index, key, "an array of ids") }
        var ids: [Int64] = []
        ids.reserveCapacity(items.count)
        for item in items {
            guard let id = Self.id(item) else { throw .invalid(index, key, "an array of ids") }
            ids.append(id)
        }
        return ids
    }

    func requiredString(_ key: String) throws(HubSpotEventsError) -> String {
        guard let member = value(key) else { throw .missing(index, key) }
        guard let text = member.stringValue else { throw .invalid(index, key, "a string") }
        guard !text.isEmpty else { throw .missing(index, key) }
        return text
    }

    /// A property value as text: strings as they are, numbers and booleans as their JSON text
    /// (HubSpot sends strings, but a number must not lose the change).
    func propertyValue(_ key: String) throws(HubSpotEventsError) -> String? {
        guard let member = value(key) else { return nil }
        switch member {
        case .string(let text): return text
        case .int, .double, .bool: return member.encodedString()
        default: throw .invalid(index, key, "a string")
        }
    }

    /// Lenient metadata: a string, else nil.
    func metadataString(_ key: String) -> String? { value(key)?.stringValue }

    /// Lenient metadata: an id, else nil.
    func metadataID(_ key: String) -> Int64? { value(key).flatMap(Self.id) }

    /// Lenient metadata: a small non-negative integer, else nil.
    func metadataInt(_ key: String) -> Int? {
        guard let number = value(key).flatMap(Self.id), number <= Int64(Int32.max) else { return nil }
        return Int(number)
    }

    static func id(_ value: JSONValue) -> Int64? {
        if let number = value.intValue { return number >= 0 ? number : nil }
        guard let text = value.stringValue, !text.isEmpty, text.utf8.count <= 18 else { return nil }
        var number: Int64 = 0
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            number = number * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return number
    }
}
