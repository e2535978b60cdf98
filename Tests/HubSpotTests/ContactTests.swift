import JSON
import PhoneNumbers
import Testing
@testable import HubSpot

@Suite("The contact shape")
struct ContactTests {
    @Test func rendersEveryFieldWithE164Phones() {
        let object = HubSpotObject(id: "42", properties: [
            "firstname": "John", "lastname": "Smith", "phone": "(902) 555-0123", "mobilephone": "+33 6 55 55 55 55",
            "email": "john@example.com", "company": "Free Text Inc",
        ])
        let contact = Contact(object: object, region: .us, companyName: "Bay Golf Ltd", portalID: "123")
        #expect(contact.json == [
            "id": "42", "name": "John Smith", "firstName": "John", "lastName": "Smith",
            "phone": "+19025550123", "mobilePhone": "+33655555555", "email": "john@example.com",
            "company": "Bay Golf Ltd", "hubspotUrl": "https://app.hubspot.com/contacts/123/record/0-1/42",
        ])
    }

    @Test func noNameIsNullNeverUnknownOrANumber() {
        let contact = Contact(object: HubSpotObject(id: "1", properties: ["phone": "9025550123", "firstname": " "]),
                              region: .us, companyName: nil, portalID: nil)
        #expect(contact.json["name"] == .null)
        #expect(contact.json["hubspotUrl"] == nil)
    }

    @Test func freeTextCompanyIsTheFallbackAndBadPhonesAreNull() {
        let contact = Contact(object: HubSpotObject(id: "1", properties: ["company": "Acme", "phone": "call me"]),
                              region: .us, companyName: nil, portalID: nil)
        #expect(contact.company == "Acme")
        #expect(contact.phone == nil)
    }
}
