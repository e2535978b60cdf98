import PhoneNumbers
import Testing
@testable import HubSpot

@Suite("What a typed search runs")
struct SearchQueryTests {
    @Test(arguments: [
        // text, text search, partial-number search, phone lookup
        ("John Smith", true, false, false),
        ("Bay 123", true, false, false),
        ("5551", false, true, false),
        ("555-12", false, true, false),
        ("902 555 0123", false, false, true),
        ("+44 20 7946 0018", false, false, true),
        ("12", true, false, false),
        ("1234567", false, true, false),  // 7 digits but not a valid number: partial search
    ])
    func classifies(text: String, runsText: Bool, runsPartial: Bool, isPhone: Bool) {
        let query = SearchQuery(text, region: .us)
        #expect(query.runsTextSearch == runsText)
        #expect(query.runsPartialNumberSearch == runsPartial)
        #expect((query.phone != nil) == isPhone)
    }

    @Test func unicodeDigitsCount() {
        let query = SearchQuery("９０２５５５０１２３", region: .us)
        #expect(query.digits == "9025550123")
        #expect(query.phone?.e164 == "+19025550123")
    }
}
