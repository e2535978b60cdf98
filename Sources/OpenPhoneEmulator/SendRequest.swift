import JSON

/// A validated `POST /v1/messages` body, checked the way OpenPhone checks it: `content` 1–1600
/// characters, `to` exactly one E.164 number, `from` one of the workspace's lines (by `PN…` id or
/// by number), `userId` (optional) a user of that line.
///
/// ```swift
/// let send = try SendRequest(parsing: body, lines: lines).get()
/// send.line.id   // "PNdemo01" whether `from` was the id or the number
/// ```
///
/// Characters are Unicode code points, as a JSON Schema `maxLength` counts them.
struct SendRequest: Sendable {
    static let maxContentCharacters = 1600

    var content: String
    var recipient: String
    var line: PhoneLine
    var userID: String

    static func parse(_ body: [UInt8], lines: [PhoneLine]) -> Result<SendRequest, APIError> {
        guard let json = try? JSONValue(parsing: body), let object = json.objectValue else {
            return .failure(.invalidBody("The request body must be a JSON object"))
        }
        guard let content = object["content"]?.stringValue else {
            return .failure(.invalidBody("content is required and must be a string", path: "/content"))
        }
        let length = content.unicodeScalars.count
        guard (1...maxContentCharacters).contains(length) else {
            return .failure(.invalidBody("content must be 1 to \(maxContentCharacters) characters long (was \(length))",
                                         path: "/content"))
        }
        guard let to = object["to"]?.arrayValue else {
            return .failure(.invalidBody("to is required and must be an array of one E.164 phone number", path: "/to"))
        }
        guard to.count == 1 else {
            return .failure(.invalidBody("to must contain exactly 1 phone number (had \(to.count))", path: "/to"))
        }
        guard let recipient = to[0].stringValue, E164.isValid(recipient) else {
            return .failure(.invalidBody("to[0] must be a phone number in E.164 format, e.g. +15555555555",
                                         path: "/to/0"))
        }
        guard let from = object["from"]?.stringValue, !from.isEmpty else {
            return .failure(.invalidBody("from is required: a phone number ID (PN…) or an E.164 number", path: "/from"))
        }
        guard let line = lines.first(where: { $0.matches(from) }) else { return .failure(.unknownSender(from)) }
        var userID = line.users.first?.id ?? ""
        if let value = object["userId"], !value.isNull {
            guard let requested = value.stringValue, line.users.contains(where: { $0.id == requested }) else {
                return .failure(.invalidBody("userId must be a user with access to \(line.id)", path: "/userId"))
            }
            userID = requested
        }
        return .success(SendRequest(content: content, recipient: recipient, line: line, userID: userID))
    }
}
