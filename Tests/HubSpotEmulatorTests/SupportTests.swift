import Base
import EmulatorSupport
@testable import HubSpotEmulator
import PhoneNumbers
import Testing

@Suite("Timestamps, tokens, options, log lines")
struct SupportTests {
    @Test("ISO 8601 formatting round-trips", arguments: [Int64(0), 1_700_000_000_123, 951_782_400_000, -86_400_001, 4_102_444_800_000])
    func roundTrip(ms: Int64) {
        #expect(ISO8601.milliseconds(from: ISO8601.format(milliseconds: ms)) == ms)
    }

    @Test("Accepted datetime spellings", arguments: [
        ("2000-02-29T00:00:00.000Z", Int64(951_782_400_000)), ("2000-02-29", 951_782_400_000),
        ("2000-02-29T01:00:00+01:00", 951_782_400_000), ("2000-02-29T01:00+0100", 951_782_400_000),
        ("2000-02-29T00:00:00.5Z", 951_782_400_500), ("2000-02-29T00:00:00.123456Z", 951_782_400_123),
        ("951782400000", 951_782_400_000), ("-1", -1), ("2000-02-29 00:00:00", 951_782_400_000),
    ])
    func spellings(text: String, ms: Int64) {
        #expect(ISO8601.milliseconds(from: text) == ms)
    }

    @Test("Refused datetime spellings", arguments: ["", "-", "2001-02-29", "2000-13-01", "2000-01-01T24:00", "tomorrow",
                                                     "2000-01-01T00:00:00.Z", "2000-01-01Z", "12345678901234567890"])
    func refused(text: String) {
        #expect(ISO8601.milliseconds(from: text) == nil)
    }

    @Test("Tokens and wildcards")
    func tokens() {
        #expect(Tokens.words(of: "John.Smith@Example.com") == ["john.smith@example.com", "john", "smith", "example", "com"])
        #expect(Tokens.words(of: "Bay 123  Golf") == ["bay", "123", "golf"])
        #expect(Tokens.glob("*@example.com", matches: "a@example.com"))
        #expect(Tokens.glob("a*b*c", matches: "axxbyyc") && !Tokens.glob("a*b*c", matches: "axxbyy"))
        #expect(Tokens.glob("*", matches: "") && !Tokens.glob("a", matches: ""))
        #expect(Tokens.digits(of: "+1 (902) 555-1234") == "19025551234")
    }

    @Test("Options from flags and environment; flags win")
    func options() throws {
        let options = try HubSpotEmulatorOptions(
            arguments: ["--listen", "127.0.0.1:8089", "--contacts=c.json", "--search-rate", "0"],
            environment: Environment(["HUBSPOT_EMULATOR_CONTACTS": "env.json", "HUBSPOT_EMULATOR_COMPANIES": "co.json",
                                      "HUBSPOT_EMULATOR_DEFAULT_REGION": "gb", "HUBSPOT_EMULATOR_TOKEN": "pat-1",
                                      "HUBSPOT_EMULATOR_SEARCH_RATE": "9"]))
        #expect(options.listen == .tcp(host: "127.0.0.1", port: 8089))
        #expect(options.contactsFile == "c.json" && options.companiesFile == "co.json")
        #expect(options.searchRate == 0 && options.defaultRegion.code == "GB")
        #expect(options.configuration.tokens.map(\.token) == ["pat-1", "emulator-token-read-only", "emulator-token-no-scopes"])
        #expect(try HubSpotEmulatorOptions(arguments: [], environment: Environment([:])) == HubSpotEmulatorOptions())
    }

    @Test("Bad options", arguments: [["--listen", "8089"], ["--port", "1"], ["--contacts"], ["--search-rate", "-1"],
                                     ["--default-region", "XX"], ["stray"]])
    func badOptions(arguments: [String]) {
        #expect(throws: OptionsError.self) { _ = try HubSpotEmulatorOptions(arguments: arguments, environment: Environment([:])) }
    }
}
