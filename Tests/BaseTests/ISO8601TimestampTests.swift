import Testing
@testable import Base

@Suite("ISO 8601 timestamps to Unix milliseconds")
struct ISO8601TimestampTests {
    // Expected values from Python: datetime.fromisoformat(text.replace("Z", "+00:00")).
    @Test(arguments: [
        ("2022-01-23T16:55:52.557Z", 1_642_956_952_557),
        ("1970-01-01T00:00:00Z", 0),
        ("1969-12-31T23:59:59.000Z", -1000),
        ("2024-02-29T23:59:59.999+00:00", 1_709_251_199_999),
        ("2022-01-23T11:55:52.5-05:00", 1_642_956_952_500),
        ("2000-03-01T00:00:00.123456Z", 951_868_800_123),
        ("2022-01-24T00:30:00+0530", 1_642_964_400_000),
        ("2026-04-01T12:00:00Z", 1_775_044_800_000),
    ] as [(String, Int64)])
    func parses(text: String, milliseconds: Int64) {
        #expect(ISO8601Timestamp.milliseconds(text) == milliseconds)
    }

    @Test(arguments: [
        "", "2022-01-23", "2022-01-23T16:55:52", "2022-01-23 16:55:52Z", "2022-1-23T16:55:52Z",
        "2022-13-01T00:00:00Z", "2022-00-01T00:00:00Z", "2023-02-29T00:00:00Z", "2022-04-31T00:00:00Z",
        "2022-01-23T24:00:00Z", "2022-01-23T16:60:00Z", "2022-01-23T16:55:61Z", "2022-01-23T16:55:52.Z",
        "2022-01-23T16:55:52.557ZZ", "2022-01-23T16:55:52+5", "2022-01-23T16:55:52+25:00", "１９７０-01-01T00:00:00Z",
        "1642956952557",
    ])
    func rejects(text: String) {
        #expect(ISO8601Timestamp.milliseconds(text) == nil)
    }
}
