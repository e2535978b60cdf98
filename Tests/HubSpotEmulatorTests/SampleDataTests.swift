@testable import HubSpotEmulator
import JSON
import PhoneNumbers
import Testing

/// The demo account in nginx/demo: loads, and each group holds what its generator comment says.
@Suite("Demo sample data")
struct SampleDataTests {
    static let demo = "/" + #filePath.split(separator: "/").dropLast(3).joined(separator: "/") + "/nginx/demo/"

    let seed: SeedData
    let emulator: HubSpotEmulator

    init() throws {
        seed = try SeedData(contactsFile: Self.demo + "hubspot-contacts.json",
                            companiesFile: Self.demo + "hubspot-companies.json", region: .us, now: 0)
        var configuration = HubSpotEmulatorConfiguration()
        configuration.searchRatePerSecond = 0
        emulator = HubSpotEmulator(configuration: configuration, seed: seed)
    }

    func contacts(in group: String) -> [CRMObject] { seed.contacts.filter { $0["sample_group"] == group } }

    func bySearchable(_ digits: String) -> [String] {
        let body = #"""
            {"filterGroups":[
              {"filters":[{"propertyName":"hs_searchable_calculated_phone_number","operator":"EQ","value":"\#(digits)"}]},
              {"filters":[{"propertyName":"hs_searchable_calculated_mobile_number","operator":"EQ","value":"\#(digits)"}]}],
             "properties":["phone","mobilephone","firstname","lastname"],"limit":100}
            """#
        return emulator.search(body).ids
    }

    @Test("About 200 contacts and 20 companies, unique ids and emails")
    func sizes() {
        #expect(seed.contacts.count == 200)
        #expect(seed.companies.count == 20)
        let emails = seed.contacts.compactMap { $0["email"]?.lowercased() }
        #expect(Set(emails).count == emails.count)
    }

    @Test("Every stored number is valid, except in the groups meant to be unparseable")
    func validity() {
        for contact in seed.contacts {
            let expectInvalid = ["national-foreign", "unparseable"].contains(contact["sample_group"] ?? "")
            for property in ["phone", "mobilephone"] {
                guard let text = contact[property] else { continue }
                let valid = (try? PhoneNumber(parsing: text, defaultRegion: .us)) != nil
                #expect(valid != expectInvalid, "contact \(contact.id) \(property) \(text)")
            }
        }
        for company in seed.companies {
            #expect((try? PhoneNumber(parsing: company["phone"] ?? "", defaultRegion: .us)) != nil)
        }
    }

    @Test("The canonical contact is the only holder of (902) 555-1234")
    func canonical() {
        #expect(bySearchable("9025551234") == ["1001"])
        #expect(seed.contacts[0]["phone"] == "(902) 555-1234" && seed.contacts[0]["lastname"] == "Smith")
    }

    @Test("Collisions: same national digits in two countries")
    func collisions() throws {
        for digits in ["2035550143", "5512345678"] {
            let ids = bySearchable(digits)
            #expect(ids.count == 2)
            let regions = try ids.map { id in
                let phone = try #require(seed.contacts.first { String($0.id) == id }?["phone"])
                return try PhoneNumber(parsing: phone, defaultRegion: .us).region
            }
            #expect(Set(regions).count == 2)
        }
    }

    @Test("Duplicates: one number, several contacts, different modification dates")
    func duplicates() {
        let ids = bySearchable("5065550122")
        #expect(ids.count == 3)
        let dates = seed.contacts.filter { ids.contains(String($0.id)) }.map(\.updatedAt)
        #expect(Set(dates).count == 3)
        #expect(bySearchable("9025550199").count == 2)
    }

    @Test("National formats with the country elsewhere get the digits-only searchable number")
    func nationalForeign() {
        let harry = contacts(in: "national-foreign").first { $0["phone"] == "020 7946 0958" }
        #expect(harry?["hs_searchable_calculated_phone_number"] == "02079460958")
        #expect(bySearchable("2079460958").isEmpty)
    }

    @Test("Company links resolve, except the one meant to dangle")
    func companies() {
        let ids = Set(seed.companies.map(\.id))
        let dangling = seed.contacts.compactMap { $0["associatedcompanyid"] }.filter { !ids.contains(Int64($0)!) }
        #expect(dangling == ["7000000999"])
        #expect(seed.contacts.contains { $0["associatedcompanyid"] != nil && $0["company"] != nil })
        #expect(seed.contacts.contains { $0["associatedcompanyid"] == nil && $0["company"] != nil })
    }

    @Test("Name search: digits in names, Smith paging, quotes")
    func names() {
        #expect(emulator.search(#"{"query":"Bay 123"}"#).json["total"] == 1)
        let smiths = emulator.search(#"{"query":"smith","limit":10}"#)
        #expect(smiths.json["total"] == 25 && smiths.json["paging"]?["next"]?["after"] == "10")
        #expect(emulator.search(#"{"query":"o'brien"}"#).json["total"] == 1)
        #expect(emulator.search(#"{"query":"\"JJ\""}"#).json["total"] == 1)
    }

    @Test("Every group in the generator's comment is present")
    func groups() {
        for group in ["canonical", "nanp-formats", "international", "national-foreign", "extensions", "mobile-only",
                      "phone-and-mobile", "no-phone", "duplicates", "collision", "digits-in-name", "unparseable",
                      "tricky-text", "smith", "company-link", "filler"] {
            #expect(!contacts(in: group).isEmpty, "\(group)")
        }
    }
}
