import PhoneNumbers
import Testing

@Suite("Rejected input")
struct ErrorTests {
  @Test(
    "Each kind of bad input gets its own error",
    arguments: [
      ("", PhoneNumberError.empty),
      ("   ", .empty),
      ("\t\n", .empty),
      ("\u{3000}", .empty),  // ideographic space
      ("abc", .notAPhoneNumber),
      ("N/A", .notAPhoneNumber),
      ("---", .notAPhoneNumber),
      ("+", .notAPhoneNumber),
      ("tel:", .notAPhoneNumber),
      ("1", .notAPhoneNumber),  // libphonenumber wants at least 2 digits
      ("902\u{0}5551234", .notAPhoneNumber),  // would be cut at the NUL in C
      ("12", .tooShort),
      ("555-1234", .tooShort),  // a local number without its area code
      ("+1 902 555 123", .tooShort),
      ("+44 20", .tooShort),
      ("00 44", .tooShort),
      ("902 555 1234 5678", .tooLong),
      ("+1 902 555 12345", .tooLong),
      ("12345678901234567890", .tooLong),
      ("9025551234 abc", .tooLong),  // trailing letters count as vanity digits
      (String(repeating: "9", count: 300), .tooLong),
      ("+999 123 4567", .invalidCountryCode),
      ("+0 123 4567", .invalidCountryCode),
      ("+1 555 555 5555", .invalidNumber(region: "US")),
      ("555-555-5555", .invalidNumber(region: "US")),
      ("+1 242 555 1234", .invalidNumber(region: "US")),  // +1's main region
      ("+44 7700 900123", .invalidNumber(region: "GB")),  // Ofcom drama range
      ("0044 20 7946 001", .invalidNumber(region: "GB")),  // 00 retry's verdict
    ])
  func rejects(text: String, error: PhoneNumberError) {
    #expect(throws: error) { try PhoneNumber(parsing: text, defaultRegion: .us) }
  }

  @Test("An invalid number names the default region it was read in")
  func namesDefaultRegion() throws {
    let ca = try #require(PhoneRegion("CA"))
    #expect(throws: PhoneNumberError.invalidNumber(region: "CA")) {
      try PhoneNumber(parsing: "555-555-5555", defaultRegion: ca)
    }
  }

  @Test(
    "Stable machine codes",
    arguments: [
      (PhoneNumberError.empty, "empty"),
      (.notAPhoneNumber, "not_a_phone_number"),
      (.tooShort, "too_short"),
      (.tooLong, "too_long"),
      (.invalidCountryCode, "invalid_country_code"),
      (.invalidNumber(region: "US"), "invalid_number"),
      (.invalidNumber(region: nil), "invalid_number"),
    ])
  func codes(error: PhoneNumberError, code: String) {
    #expect(error.code == code)
    #expect(!error.message.isEmpty)
    #expect(error.description == error.message)
  }
}
