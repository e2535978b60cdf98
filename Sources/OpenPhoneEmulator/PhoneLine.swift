import JSON

/// One of the workspace's phone numbers (an OpenPhone "line"), as `GET /v1/phone-numbers` lists it
/// and as `from` may name it (by id or by number).
///
/// ```swift
/// let lines = try PhoneLine.parseList(#"[{"id":"PNdemo01","number":"+19025550100","name":"Front desk"}]"#)
/// ```
public struct PhoneLine: Sendable, Equatable {
    /// A workspace member who can use the line; the first one sends when a request names none.
    public struct User: Sendable, Equatable {
        public var id: String
        public var email: String
        public var firstName: String
        public var lastName: String
        public var role: String

        public init(id: String, email: String = "", firstName: String = "", lastName: String = "", role: String = "owner") {
            self.id = id
            self.email = email
            self.firstName = firstName
            self.lastName = lastName
            self.role = role
        }
    }

    /// `PN…`
    public var id: String
    /// E.164.
    public var number: String
    public var name: String
    public var users: [User]

    public init(id: String, number: String, name: String, users: [User]) {
        self.id = id
        self.number = number
        self.name = name
        self.users = users
    }

    /// The demo business line: the number and ids the demo deliveries in `nginx/demo/` use.
    public static let demo = PhoneLine(
        id: "PNdemo01", number: "+19025550100", name: "Front desk",
        users: [User(id: "USdemo", email: "frontdesk@example.com", firstName: "Front", lastName: "Desk")])

    /// Whether `from` names this line, by id or by number.
    func matches(_ from: String) -> Bool { from == id || from == number }

    /// The line as `GET /v1/phone-numbers` shows it.
    var json: JSONValue {
        ["id": .string(id), "number": .string(number), "formattedNumber": .string(E164.formatted(number)),
         "name": .string(name),
         "users": .array(users.map { user in
             ["id": .string(user.id), "email": .string(user.email), "firstName": .string(user.firstName),
              "lastName": .string(user.lastName), "role": .string(user.role)]
         }),
         "createdAt": "2024-01-01T00:00:00.000Z", "updatedAt": "2024-01-01T00:00:00.000Z"]
    }
}

extension PhoneLine {
    /// Reads lines from JSON text: an array of line objects, or `{"data":[…]}` as the real
    /// `GET /v1/phone-numbers` answers (so a saved answer can be replayed). Each line needs an
    /// `id` starting with `PN` and an E.164 `number`; `name` and `users` are optional (a line
    /// without users gets one, `US` + the line id's tail).
    public static func parseList(_ text: String) throws(LinesError) -> [PhoneLine] {
        let json: JSONValue
        do { json = try JSONValue(parsing: text) } catch { throw LinesError("lines are not JSON: \(error)") }
        guard let items = json.arrayValue ?? json["data"]?.arrayValue else {
            throw LinesError("lines must be a JSON array of {\"id\",\"number\",\"name\",\"users\"} or {\"data\":[…]}")
        }
        guard !items.isEmpty else { throw LinesError("the workspace needs at least one line") }
        var lines: [PhoneLine] = []
        for (index, item) in items.enumerated() {
            let line = try parse(item, index: index)
            guard !lines.contains(where: { $0.id == line.id || $0.number == line.number }) else {
                throw LinesError("line \(index): id and number must be unique")
            }
            lines.append(line)
        }
        return lines
    }

    private static func parse(_ item: JSONValue, index: Int) throws(LinesError) -> PhoneLine {
        guard let id = item["id"]?.stringValue, id.hasPrefix("PN"), id.count > 2 else {
            throw LinesError("line \(index): id must be a string starting with PN")
        }
        guard let number = item["number"]?.stringValue, E164.isValid(number) else {
            throw LinesError("line \(index): number must be E.164, e.g. +19025550100")
        }
        var users: [User] = []
        for (position, user) in (item["users"]?.arrayValue ?? []).enumerated() {
            guard let userID = user["id"]?.stringValue, !userID.isEmpty else {
                throw LinesError("line \(index): user \(position) needs an id")
            }
            users.append(User(id: userID, email: user["email"]?.stringValue ?? "",
                              firstName: user["firstName"]?.stringValue ?? "",
                              lastName: user["lastName"]?.stringValue ?? "", role: user["role"]?.stringValue ?? "member"))
        }
        if users.isEmpty { users = [User(id: "US" + id.dropFirst(2))] }
        return PhoneLine(id: id, number: number, name: item["name"]?.stringValue ?? "", users: users)
    }
}

/// Why a list of lines was refused.
public struct LinesError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
