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
