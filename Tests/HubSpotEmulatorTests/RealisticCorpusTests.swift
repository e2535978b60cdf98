@testable import HubSpotEmulator
import JSON
import PhoneNumbers
import Testing

/// Tests/EndToEnd/fixtures/realistic-contacts.json: contacts abroad whose number staff typed the
/// local way, with `hs_country_region_code` set, plus controls (ids 19xx) — the corpus the client's
/// local-format matching is measured on.
@Suite("Local-format corpus")
struct RealisticCorpusTests {
    static let file = "/" + #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
        + "/Tests/EndToEnd/fixtures/realistic-contacts.json"

    let fast: SeedData
    let realistic: SeedData

    init() throws {
        fast = try SeedData(contactsFile: Self.file, companiesFile: nil, region: .us, now: 0)
        realistic = try SeedData(contactsFile: Self.file, companiesFile: nil, region: .us, phoneRegion: .contact, now: 0)
    }

    /// Local-format contacts: a country set and a number typed without `+`.
    var local: [CRMObject] {
        realistic.contacts.filter { $0.id < 1900 }
    }

    func typed(_ contact: CRMObject) -> (property: String, text: String)? {
        if let phone = contact["phone"] { return ("phone", phone) }
        return contact["mobilephone"].map { ("mobilephone", $0) }
    }

    /// The contact's number read in its own country; records an issue naming it when invalid.
    func number(_ contact: CRMObject, sourceLocation: SourceLocation = #_sourceLocation) -> PhoneNumber? {
        guard let (_, text) = typed(contact), let region = PhoneRegion(contact["hs_country_region_code"] ?? "") else {
            Issue.record("\(contact.id) has no number or no country", sourceLocation: sourceLocation)
            return nil
        }
        do {
            return try PhoneNumber(parsing: text, defaultRegion: region)
        } catch {
            Issue.record("\(contact.id): \(text) in \(region): \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    @Test("At least 10 countries, every number typed locally and valid for its own country")
    func validLocally() throws {
        #expect(Set(local.compactMap { $0["hs_country_region_code"] }).count >= 10)
        #expect(local.count >= 20)
        for contact in local {
            let (_, text) = try #require(typed(contact))
            #expect(!text.hasPrefix("+") && !text.hasPrefix("00"), "\(contact.id): \(text)")
            guard let number = number(contact) else { continue }
            #expect(number.region == contact["hs_country_region_code"], "\(contact.id): \(text) is \(number.region)")
        }
    }

    @Test("Read in the account's region (US) the local numbers are not what they are")
    func notUSNumbers() throws {
        for contact in local {
            let (_, text) = try #require(typed(contact))
            let asUS = try? PhoneNumber(parsing: text, defaultRegion: .us)
            guard let own = number(contact) else { continue }
            #expect(asUS?.e164 != own.e164, "\(contact.id): \(text)")
        }
    }

    @Test("Realistic: E.164 in the contact's country, found by its national number; fast misses most")
    func foundByNationalNumber() throws {
        var emulators: [PhoneRegionSource: HubSpotEmulator] = [:]
        for (source, seed) in [(PhoneRegionSource.contact, realistic), (.account, fast)] {
            var configuration = HubSpotEmulatorConfiguration()
            configuration.searchRatePerSecond = 0
            configuration.behaviour.phoneRegion = source
            emulators[source] = HubSpotEmulator(configuration: configuration, seed: seed)
        }
        var missedByFast = 0
        for contact in local {
            let (property, _) = try #require(typed(contact))
            guard let number = number(contact) else { continue }
            let calculated = property == "phone" ? "hs_calculated_phone_number" : "hs_calculated_mobile_number"
            #expect(contact[calculated] == number.e164, "\(contact.id)")
            let searchable = "hs_searchable_calculated_\(property == "phone" ? "phone" : "mobile")_number"
            let filter = #"{"propertyName":"\#(searchable)","operator":"EQ","value":"\#(number.nationalNumber)"}"#
            #expect(emulators[.contact]!.ids(matching: filter).contains(String(contact.id)), "\(contact.id)")
            if !emulators[.account]!.ids(matching: filter).contains(String(contact.id)) { missedByFast += 1 }
        }
        #expect(missedByFast * 2 > local.count, "fast missed \(missedByFast) of \(local.count)")
    }

    @Test("Controls: US numbers without a country, a + number abroad, a secondary email")
    func controls() throws {
        let byID = Dictionary(uniqueKeysWithValues: realistic.contacts.map { ($0.id, $0) })
        let controls = realistic.contacts.filter { $0.id >= 1900 }
        #expect(controls.filter { $0["hs_country_region_code"] == nil && $0["hs_calculated_phone_number"]?.hasPrefix("+1") == true }.count >= 3)
        #expect(byID[1906]?["hs_calculated_phone_number"] == "+33781234567")  // + wins over the GB country
        #expect(byID[1907]?["hs_searchable_calculated_phone_number"] == "2079460018")  // collides with a GB number
        #expect(byID[1908]?["hs_calculated_phone_number"] == nil)  // local GB text on a contact without a country
        #expect(byID[1909]?["hs_additional_emails"]?.contains(";") == true)
    }
}
