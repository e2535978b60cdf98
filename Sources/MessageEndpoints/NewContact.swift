import Base
import ContactEndpoints
import FastCGI
import HubSpot
import JSON
import Messages
import PhoneNumbers

/// A valid `POST /api/contacts` body: `{"firstName","lastName","phone","email"?,"company"?}`.
/// Every problem is a 400 naming its field, one field at a time, in the order of the form.
public struct NewContact: Sendable, Equatable {
    public let firstName: String
    public let lastName: String
    public let phone: PhoneNumber
    public let email: String?
    public let company: String?

    static let fields: Set<String> = ["firstName", "lastName", "phone", "email", "company"]

    public init(json body: [UInt8], region: PhoneRegion) throws(HTTPError) {
        guard let value = try? JSONValue(parsing: body), let object = value.objectValue else {
            throw HTTPError(.badRequest, code: "invalid_json", message: "The body must be a JSON object.")
        }
        for (key, _) in object where !Self.fields.contains(key) {
            throw Self.invalid(key, "is not a field of a contact (firstName, lastName, phone, email, company).")
        }
        firstName = try Self.text(object, "firstName", required: true, limit: 100)!
        lastName = try Self.text(object, "lastName", required: true, limit: 100)!
        let phoneText = try Self.text(object, "phone", required: true, limit: 40)!
        do {
            phone = try PhoneNumberMemo.shared.parse(phoneText, defaultRegion: region)
        } catch {
            throw Self.invalid("phone", "is not a phone number: \(error.message(quoting: phoneText))", reason: error.code)
        }
        email = try Self.text(object, "email", required: false, limit: 254)?.lowercased()
        if let email, !Self.looksLikeEmail(email) { throw Self.invalid("email", "is not an email address.") }
        company = try Self.text(object, "company", required: false, limit: 200)
    }

    /// HubSpot's property names and values for a create.
    var properties: [(String, String)] {
        var properties = [("firstname", firstName), ("lastname", lastName), ("phone", phone.e164)]
        if let email { properties.append(("email", email)) }
        if let company { properties.append(("company", company)) }
        return properties
    }

    private static func text(_ object: JSONObject, _ field: String, required: Bool, limit: Int) throws(HTTPError) -> String? {
        guard let value = object[field], value != .null else {
            if required { throw invalid(field, "is required.") }
            return nil
        }
        guard let text = value.stringValue else { throw invalid(field, "must be a string.") }
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty {
            if required { throw invalid(field, "must not be empty.") }
            return nil
        }
        guard trimmed.count <= limit else { throw invalid(field, "is longer than \(limit) characters.") }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw invalid(field, "must not contain control characters.")
        }
        return trimmed
    }

    /// One `@`, something on each side, a dot in the domain, no spaces: what a form should catch;
    /// HubSpot judges the rest.
    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
              !parts[1].hasSuffix(".") else { return false }
        return !text.contains(where: \.isWhitespace)
    }

    static func invalid(_ field: String, _ problem: String, reason: String? = nil) -> HTTPError {
        var details: JSONObject = ["field": .string(field)]
        if let reason { details["reason"] = .string(reason) }
        return HTTPError(.badRequest, code: "invalid_field", message: "\(field) \(problem)", details: details)
    }
}
