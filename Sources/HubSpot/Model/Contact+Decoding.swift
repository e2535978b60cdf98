import JSON

extension Contact {
    /// Reads a contact back from the JSON ``Contact/json`` produced — the shape stored in the
    /// shared cache — so a cached answer can be used as a value, not only copied into a response.
    /// `name` is not read: it is always first + last name. Nil when `id` is missing.
    ///
    /// ```swift
    /// Contact(json: contact.json) == contact   // true
    /// ```
    public init?(json: JSONValue) {
        guard case .object = json, let id = json["id"]?.stringValue, !id.isEmpty else { return nil }
        self.id = id
        firstName = json["firstName"]?.stringValue
        lastName = json["lastName"]?.stringValue
        phone = json["phone"]?.stringValue
        mobilePhone = json["mobilePhone"]?.stringValue
        email = json["email"]?.stringValue
        company = json["company"]?.stringValue
        hubspotURL = json["hubspotUrl"]?.stringValue
    }
}
