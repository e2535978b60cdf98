import JSON

/// Reads HubSpot's refusal of a create because a record already holds a unique value (the
/// email), and which record that is. Every field is optional; the shapes seen from HubSpot:
///
/// - 409 `{"status":"error","message":"Contact already exists. Existing ID: 123","correlationId":…,"category":"CONFLICT"}`
/// - 409, newer: the same message plus `"identityProfile":{"vid":123,…}`,
///   `"errors":[{"message":"A contact with email a@b.example already exists. Existing ID: 123","in":"email"}]`,
///   `"category":"OBJECT_ALREADY_EXISTS","error":"CONTACT_EXISTS"`
/// - 400 VALIDATION_ERROR `{"message":"Property values were not valid: [{\"isValid\":false,\"message\":\"…\",
///   \"error\":\"CONFLICTING_UNIQUE_VALUE\",\"name\":\"email\"}]",…}`, optionally with
///   `errors[].code` and `errors[].context.id` naming the record (e.g. when the email is another
///   contact's `hs_additional_emails`)
///
/// A 400 counts only when one of its problems says "unique value taken" (HubSpot's codes, or,
/// for a problem without a code, its wording): an invalid email or an unknown property is never
/// read as a duplicate.
enum DuplicateRefusal {
    /// HubSpot's codes for "another record already has this value".
    static let codes: Set<String> = ["CONFLICTING_UNIQUE_VALUE", "CONTACT_EXISTS", "OBJECT_ALREADY_EXISTS"]
    /// Wording of a duplicate in a problem that carries no code (compared lowercased).
    static let phrases = ["already has that value", "existing id:"]
    static let categories: Set<String> = ["CONFLICT", "OBJECT_ALREADY_EXISTS"]

    /// One thing HubSpot says is wrong: an `errors[]` entry, a validation result embedded in
    /// the message, or the body itself.
    struct Problem {
        var code: String?
        var message: String?
        var ids: [String] = []

        var saysDuplicate: Bool {
            if let code { return DuplicateRefusal.codes.contains(code) }
            guard let text = message?.lowercased() else { return false }
            return DuplicateRefusal.phrases.contains { text.contains($0) }
        }

        /// The record it names: `context.id` / `identityProfile.vid`, else "Existing ID: n".
        var existingID: String? { ids.first ?? message.flatMap(HubSpotResponse.existingID(in:)) }
    }

    /// The typed error for a `status` answer to a create, or nil when it is not a duplicate.
    static func error(status: Int, body: JSONValue?) -> HubSpotError? {
        let problems = problems(in: body)
        let duplicates = problems.filter(\.saysDuplicate)
        switch status {
        case 409:
            // A create's 409 always means "exists"; the record may be named anywhere.
            let id = (duplicates + problems).lazy.compactMap(\.existingID).first
            return .alreadyExists(existingID: id, status: status)
        case 400:
            let category = body?["category"]?.stringValue
            guard !duplicates.isEmpty || category.map(categories.contains) == true else { return nil }
            return .alreadyExists(existingID: duplicates.lazy.compactMap(\.existingID).first, status: status)
        default:
            return nil
        }
    }

    static func problems(in body: JSONValue?) -> [Problem] {
        guard let body, body.objectValue != nil else { return [] }
        var problems: [Problem] = []
        for entry in body["errors"]?.arrayValue ?? [] {
            problems.append(Problem(code: entry["code"]?.stringValue ?? entry["error"]?.stringValue,
                                    message: entry["message"]?.stringValue, ids: ids(in: entry["context"]?["id"])))
        }
        let message = body["message"]?.stringValue
        let embedded = message.map(validationResults(in:)) ?? []
        for result in embedded {
            problems.append(Problem(code: result["error"]?.stringValue, message: result["message"]?.stringValue))
        }
        // The body's own message counts only when it is not the wrapper of the results above.
        problems.append(Problem(code: body["error"]?.stringValue, message: embedded.isEmpty ? message : nil,
                                ids: ids(in: body["identityProfile"]?["vid"])))
        return problems
    }

    /// The JSON array in "Property values were not valid: [{…},…]"; empty when there is none.
    static func validationResults(in message: String) -> [JSONValue] {
        let bytes = Array(message.utf8)
        guard let open = bytes.firstIndex(of: UInt8(ascii: "[")), let close = bytes.lastIndex(of: UInt8(ascii: "]")),
              open < close, let array = try? JSONValue(parsing: Array(bytes[open...close]))
        else { return [] }
        return array.arrayValue?.filter { $0.objectValue != nil } ?? []
    }

    /// Record ids given as a number, a digit string, or an array of those.
    static func ids(in value: JSONValue?) -> [String] {
        guard let value else { return [] }
        if let values = value.arrayValue { return values.flatMap { ids(in: $0) } }
        if let number = value.intValue, number > 0 { return [String(number)] }
        if let text = value.stringValue?.trimmingWhitespace(), !text.isEmpty, text.utf8.allSatisfy({ (48...57).contains($0) }) {
            return [text]
        }
        return []
    }
}
