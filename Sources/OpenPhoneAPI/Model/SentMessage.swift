import JSON

/// OpenPhone's answer to a send: the message it queued.
///
/// ```swift
/// let sent = try client.sendMessage(content: "Hi", from: .line("PN123"), to: "+15555550123")
/// sent.id       // "AC…": later `message.delivered` / `message.failed` webhooks name it
/// sent.status   // "queued"
/// ```
public struct SentMessage: Sendable, Equatable {
    /// OpenPhone's message id (`AC…`).
    public var id: String
    /// OpenPhone's status word: `queued` at first, later `sent`, `delivered`, `undelivered` or
    /// `failed` (webhooks report those).
    public var status: String
    /// When OpenPhone took it, as it wrote it (ISO-8601), if it said.
    public var createdAt: String?

    public init(id: String, status: String, createdAt: String? = nil) {
        self.id = id
        self.status = status
        self.createdAt = createdAt
    }

    /// Reads `{"data": {"id", "status", "createdAt", …}}`; nil without an id.
    init?(json: JSONValue) {
        guard let data = json["data"], let id = data["id"]?.stringValue, !id.isEmpty else { return nil }
        self.init(id: id, status: data["status"]?.stringValue ?? "queued", createdAt: data["createdAt"]?.stringValue)
    }
}
