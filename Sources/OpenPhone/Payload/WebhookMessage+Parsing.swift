extension WebhookMessage {
    /// Legacy `data.object`: `{"id","from","to","direction","text"|"body","media","status",
    /// "createdAt","phoneNumberId","conversationId","userId"}`.
    init(legacy object: PayloadFields) throws(WebhookPayloadError) {
        self.init(id: try object.requiredString("id"),
                  direction: try Self.direction(object),
                  text: try object.optionalString("text", or: "body") ?? "",
                  media: try Self.media(object),
                  status: try object.optionalString("status"),
                  createdAtMilliseconds: try object.optionalTime("createdAt"),
                  from: try object.requiredString("from"),
                  to: try object.requiredNumbers("to"),
                  phoneNumberID: try object.optionalString("phoneNumberId"),
                  conversationID: try object.optionalString("conversationId"),
                  userID: try object.optionalString("userId"),
                  errorCode: Self.errorText(object, "errorCode", "code"),
                  errorMessage: Self.errorText(object, "errorMessage", "message"))
    }

    /// New format: `data.resource` holds the message, `data.context` the line, the conversation and
    /// the numbers (`senderIdentifier`, `recipientIdentifiers`). A field missing from its documented
    /// place is looked for in the other object, in case OpenPhone moves it.
    init(resource: PayloadFields, context: PayloadFields) throws(WebhookPayloadError) {
        let from: String
        if let sender = try context.optionalString("senderIdentifier") {
            from = sender
        } else {
            guard let sender = try resource.optionalString("from") else {
                throw .missing(context.path("senderIdentifier"))
            }
            from = sender
        }
        let to: [String]
        if context.has("recipientIdentifiers") {
            to = try context.requiredNumbers("recipientIdentifiers")
        } else if resource.has("to") {
            to = try resource.requiredNumbers("to")
        } else {
            throw .missing(context.path("recipientIdentifiers"))
        }
        self.init(id: try resource.requiredString("id"),
                  direction: try Self.direction(resource),
                  text: try resource.optionalString("text", or: "body") ?? "",
                  media: try Self.media(resource),
                  status: try resource.optionalString("status"),
                  createdAtMilliseconds: try resource.optionalTime("createdAt"),
                  from: from, to: to,
                  phoneNumberID: try PayloadFields.firstString("phoneNumberId", in: context, resource),
                  conversationID: try PayloadFields.firstString("conversationId", in: context, resource),
                  userID: try PayloadFields.firstString("userId", in: context, resource),
                  errorCode: Self.errorText(resource, "errorCode", "code"),
                  errorMessage: Self.errorText(resource, "errorMessage", "message"))
    }

    /// `name` (text or a number), else `error.<nested>`; nil when neither holds something usable.
    /// Never an error: a reason in an unexpected shape must not turn a delivery into a dead letter.
    private static func errorText(_ fields: PayloadFields, _ name: String, _ nested: String) -> String? {
        let value = fields.value(name) ?? fields.value("error")?[nested]
        if let text = value?.stringValue, !text.isEmpty { return String(text.prefix(500)) }
        if let number = value?.intValue { return String(number) }
        return nil
    }

    private static func direction(_ fields: PayloadFields) throws(WebhookPayloadError) -> Direction {
        guard let direction = Direction(rawValue: try fields.requiredString("direction")) else {
            throw .invalid(fields.path("direction"), "incoming or outgoing")
        }
        return direction
    }

    /// `[{"url","type"}]`; entries without a URL are dropped, a non-array is an error.
    private static func media(_ fields: PayloadFields) throws(WebhookPayloadError) -> [Media] {
        guard let value = fields.value("media"), !value.isNull else { return [] }
        guard let items = value.arrayValue else { throw .invalid(fields.path("media"), "an array") }
        return items.compactMap { item in
            guard let url = item["url"]?.stringValue, !url.isEmpty else { return nil }
            return Media(url: url, type: item["type"]?.stringValue)
        }
    }
}
