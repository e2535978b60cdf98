import PhoneNumbers
import Testing
@testable import HubSpot

@Suite("Re-verifying and choosing search candidates")
struct CandidateSelectionTests {
    func object(_ id: String, phone: String? = nil, mobile: String? = nil, modified: String = "2026-01-01T00:00:00Z")
        -> HubSpotObject
    {
        var properties = ["lastmodifieddate": modified]
        properties["phone"] = phone
        properties["mobilephone"] = mobile
        return HubSpotObject(id: id, properties: properties)
    }

    @Test func sameDigitsInAnotherCountryNeverMatch() throws {
        let wanted = try PhoneNumber(parsing: "+44 20 7946 0018", defaultRegion: .us)
        let candidates = [object("1", phone: "(207) 946-0018"),     // US number, same national digits
                          object("2", phone: "+44 20 7946 0018")]
        let matches = CandidateSelection.matches(candidates, number: wanted, region: .us)
        #expect(matches.map(\.id) == ["2"])
    }

    @Test(arguments: ["(902) 555-0123", "902.555.0123", "1-902-555-0123", "+1 902 555 0123", "9025550123"])
    func messyStoredFormatsMatch(stored: String) throws {
        let wanted = try PhoneNumber(parsing: "+19025550123", defaultRegion: .us)
        #expect(CandidateSelection.best([object("7", phone: stored)], number: wanted, region: .us)?.id == "7")
    }

    @Test func mobileNumberMatchesToo() throws {
        let wanted = try PhoneNumber(parsing: "+33 6 55 55 55 55", defaultRegion: .us)
        #expect(CandidateSelection.best([object("3", phone: "garbage", mobile: "+33655555555")],
                                        number: wanted, region: .us)?.id == "3")
    }

    @Test func newestOfSeveralMatchesWinsThenLowestID() throws {
        let wanted = try PhoneNumber(parsing: "+19025550123", defaultRegion: .us)
        let candidates = [object("10", phone: "9025550123", modified: "2025-01-01T00:00:00Z"),
                          object("12", phone: "9025550123", modified: "2026-06-01T00:00:00Z"),
                          object("11", phone: "9025550123", modified: "2026-06-01T00:00:00Z")]
        #expect(CandidateSelection.matches(candidates, number: wanted, region: .us).map(\.id) == ["11", "12", "10"])
    }

    @Test func nothingStoredMeansNoMatch() throws {
        let wanted = try PhoneNumber(parsing: "+19025550123", defaultRegion: .us)
        #expect(CandidateSelection.best([object("1")], number: wanted, region: .us) == nil)
    }
}

@Suite("Stored numbers read in the contact's own country")
struct LocalFormatTests {
    func contact(_ properties: [String: String]) -> HubSpotObject {
        HubSpotObject(id: "1", properties: properties)
    }

    @Test func aLocalNumberIsReadInTheContactsCountryCode() throws {
        let wanted = try PhoneNumber(parsing: "+44 7400 127051", defaultRegion: .us)
        let british = contact(["phone": "07400 127051", "hs_country_region_code": "GB"])
        #expect(CandidateSelection.best([british], number: wanted, region: .us)?.id == "1")
        #expect(british.e164(of: .phone, defaultRegion: .us) == "+447400127051")
    }

    @Test(arguments: ["United Kingdom", "uk", " GB ", "England"])
    func withoutACodeTheCountryTextDecides(country: String) throws {
        let wanted = try PhoneNumber(parsing: "+44 7400 127051", defaultRegion: .us)
        let british = contact(["phone": "07400 127051", "country": country])
        #expect(CandidateSelection.best([british], number: wanted, region: .us)?.id == "1")
    }

    @Test func hubspotsCalculatedNumberWinsOverTheText() throws {
        let wanted = try PhoneNumber(parsing: "+33 6 12 34 56 78", defaultRegion: .us)
        let french = contact(["mobilephone": "06 12 34 56 78", "hs_calculated_mobile_number": "+33612345678"])
        #expect(CandidateSelection.best([french], number: wanted, region: .us)?.id == "1")
    }

    @Test func anUnknownCountryFallsBackToTheDefaultRegion() throws {
        let wanted = try PhoneNumber(parsing: "+1 902 555 0123", defaultRegion: .us)
        let local = contact(["phone": "902 555 0123", "country": "Atlantis"])
        #expect(local.phoneRegion(default: .us) == .us)
        #expect(CandidateSelection.best([local], number: wanted, region: .us)?.id == "1")
    }

    @Test func theContactsCountryNeverMakesACrossCountryMatch() throws {
        // The same national digits typed for an American contact must not answer a British number.
        let british = try PhoneNumber(parsing: "+44 20 7946 0018", defaultRegion: .us)
        let american = contact(["phone": "(207) 946-0018", "hs_country_region_code": "US"])
        #expect(CandidateSelection.best([american], number: british, region: PhoneRegion("GB")!).map(\.id) == nil)
        let typedWithPlus = contact(["phone": "+33 6 12 34 56 78", "hs_country_region_code": "GB"])
        #expect(typedWithPlus.e164(of: .phone, defaultRegion: .us) == "+33612345678")
    }
}

/// Numbers only possible under our older metadata (Nigeria's 2023–24 plan): HubSpot, with current
/// metadata, stores and calculates them as real numbers, so re-verification must accept them —
/// and still never across countries.
@Suite("Stored numbers newer than our metadata")
struct PossibleStoredNumberTests {
    let wanted = try! PhoneNumber(parsing: "+234 2033 12 7560", defaultRegion: .us, accepting: .possible)

    func stored(_ properties: [String: String], id: String = "1") -> HubSpotObject {
        HubSpotObject(id: id, properties: properties)
    }

    @Test(arguments: [
        ["phone": "+234 2033 12 7560"] as [String: String],
        ["mobilephone": "+2342033127560"],
        ["phone": "0203 312 7560", "hs_country_region_code": "NG"],
        ["phone": "0203 312 7560", "country": "Nigeria"],
        ["phone": "0203 312 7560", "hs_calculated_phone_number": "+2342033127560"],
    ])
    func storedInAnyFormItMatches(properties: [String: String]) {
        #expect(CandidateSelection.best([stored(properties)], number: wanted, region: .us)?.id == "1")
    }

    @Test func theContactAnswerShowsItInE164() {
        let nigerian = stored(["phone": "0203 312 7560", "hs_country_region_code": "NG", "firstname": "Ada"])
        #expect(Contact(object: nigerian, region: .us, companyName: nil, portalID: nil).phone == "+2342033127560")
    }

    @Test func theSameDigitsInAnotherCountryNeverMatch() throws {
        // Connecticut's (203) 312-7560 has the Nigerian number's national digits.
        let american = stored(["phone": "(203) 312-7560"], id: "2")
        let nigerian = stored(["phone": "+234 2033 12 7560"], id: "3")
        let local = stored(["phone": "2033127560", "hs_country_region_code": "US"], id: "4")
        #expect(CandidateSelection.matches([american, nigerian, local], number: wanted, region: .us).map(\.id) == ["3"])
        let connecticut = try PhoneNumber(parsing: "(203) 312-7560", defaultRegion: .us)
        #expect(CandidateSelection.matches([american, nigerian, local], number: connecticut, region: .us)
            .map(\.id) == ["2", "4"])
    }

    @Test func aLocalNumberWithoutItsCountryIsNotGuessed() {
        // Read in the default region (US) "0203 312 7560" is no number: nothing claims it.
        #expect(CandidateSelection.best([stored(["phone": "0203 312 7560"])], number: wanted, region: .us) == nil)
    }
}
