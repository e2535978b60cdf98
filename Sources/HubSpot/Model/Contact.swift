import Base
import Glibc
import JSON
import PhoneNumbers

/// A HubSpot contact in the one shape every endpoint answers with.
///
/// `name` is first + last name, or nil when HubSpot has neither — never a phone number, never
/// "Unknown". Phone fields are E.164 as HubSpot reads them (a number typed without a country code
/// belongs to the contact's country), or nil when the stored text is not a valid number.
public struct Contact: Sendable, Equatable {
    public var id: String
    public var firstName: String?
    public var lastName: String?
    public var phone: String?
    public var mobilePhone: String?
    public var email: String?
    public var company: String?
    /// The associated company (`associatedcompanyid`), whose name ``company`` shows when known.
    public var companyID: String?
    public var hubspotURL: String?

    public var name: String? {
        // No array of parts: every lookup answer renders this.
        switch (firstName, lastName) {
        case let (first?, last?): return first + " " + last
        case let (first?, nil): return first
        case let (nil, last?): return last
        case (nil, nil): return nil
        }
    }

    /// The properties every lookup and search asks HubSpot for.
    public static let properties = ["firstname", "lastname", "email", "phone", "mobilephone", "company",
                                    "associatedcompanyid", "lastmodifieddate", "hs_object_id"]
        + HubSpotObject.phoneReadingProperties

    /// Builds the contact from a HubSpot object. `companyName` is the associated company's
    /// name when known: it wins over the free-text `company` property.
    public init(object: HubSpotObject, region: PhoneRegion, companyName: String?, portalID: String?) {
        id = object.id
        firstName = object["firstname"]?.trimmingWhitespace()
        lastName = object["lastname"]?.trimmingWhitespace()
        phone = object.e164(of: .phone, defaultRegion: region)
        mobilePhone = object.e164(of: .mobilephone, defaultRegion: region)
        email = object["email"]?.trimmingWhitespace()
        company = companyName ?? object["company"]?.trimmingWhitespace()
        companyID = object["associatedcompanyid"].flatMap { $0.isEmpty ? nil : $0 }
        hubspotURL = portalID.map { "https://app.hubspot.com/contacts/\($0)/record/0-1/\(object.id)" }
    }

    /// Whether every field holds the same bytes. `==` compares Unicode-equivalent text as equal
    /// (a decomposed "é" equals the precomposed one), so it cannot tell whether two contacts
    /// render to the same bytes; this can. Lists every stored property: keep it so.
    public func isIdentical(to other: Contact) -> Bool {
        Self.identical(id, other.id) && Self.identical(firstName, other.firstName)
            && Self.identical(lastName, other.lastName) && Self.identical(phone, other.phone)
            && Self.identical(mobilePhone, other.mobilePhone) && Self.identical(email, other.email)
            && Self.identical(company, other.company) && Self.identical(companyID, other.companyID)
            && Self.identical(hubspotURL, other.hubspotURL)
    }

    private static func identical(_ a: String?, _ b: String?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (var a?, var b?):
            // One memcmp over native UTF-8; `utf8.elementsEqual` walks the views byte by byte.
            guard a.utf8.count == b.utf8.count else { return false }
            return a.withUTF8 { x in b.withUTF8 { y in x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }
        default: return false
        }
    }

    /// The contact's members as ``json`` has them, written straight into an object being
    /// written (the lookup endpoint's hot path renders without a ``JSONValue`` tree).
    public func write(to writer: inout JSONObjectWriter) {
        writer.member("id", id)
        writer.member("name", name)
        writer.member("firstName", firstName)
        writer.member("lastName", lastName)
        writer.member("phone", phone)
        writer.member("mobilePhone", mobilePhone)
        writer.member("email", email)
        writer.member("company", company)
        if let hubspotURL { writer.member("hubspotUrl", hubspotURL) }
    }

    public var json: JSONValue {
        var object: JSONObject = [
            "id": .string(id),
            "name": name.map { .string($0) } ?? .null,
            "firstName": firstName.map { .string($0) } ?? .null,
            "lastName": lastName.map { .string($0) } ?? .null,
            "phone": phone.map { .string($0) } ?? .null,
            "mobilePhone": mobilePhone.map { .string($0) } ?? .null,
            "email": email.map { .string($0) } ?? .null,
            "company": company.map { .string($0) } ?? .null,
        ]
        if let hubspotURL { object["hubspotUrl"] = .string(hubspotURL) }
        return .object(object)
    }
}
