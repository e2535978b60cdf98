import PhoneNumbers
import Testing

@Suite("init(e164:)")
struct E164Tests {
  @Test(
    "Round-trips what parsing produced",
    arguments: [
      "+19025551234", "+15132271572", "+442079460018", "+33655555555", "+5511999999999",
      "+61412345678", "+919876543210", "+819012345678", "+390212345678", "+80012345678",
    ])
  func roundTrip(e164: String) throws {
    let number = try PhoneNumber(e164: e164)
    #expect(number.e164 == e164)
    let reparsed = try PhoneNumber(parsing: number.international, defaultRegion: .us)
    #expect(reparsed == number)
  }

  @Test("A stray trunk prefix is canonicalised away")
  func canonicalises() throws {
    #expect(try PhoneNumber(e164: "+4402079460018").e164 == "+442079460018")
  }

  @Test(
    "Strict syntax",
    arguments: [
      ("", PhoneNumberError.empty),
      (" ", .empty),
      ("19025551234", .invalidCountryCode),  // no '+'
      (" +19025551234", .invalidCountryCode),  // nothing before the '+'
      ("(902) 555-1234", .invalidCountryCode),
      ("+", .notAPhoneNumber),
      ("+1 902 555 1234", .notAPhoneNumber),
      ("+1-902-555-1234", .notAPhoneNumber),
      ("+19025551234 ", .notAPhoneNumber),
      ("+19025551234x1", .notAPhoneNumber),
      ("\u{FF0B}19025551234", .invalidCountryCode),  // fullwidth '+' is not '+'
      ("+1９０２５５５１２３４", .notAPhoneNumber),
      ("+1234567890123456", .tooLong),  // 16 digits
      ("+999123456", .invalidCountryCode),
      ("+12", .notAPhoneNumber),  // libphonenumber wants 3+ characters
      ("+1902", .tooShort),
      ("+15555555555", .invalidNumber(region: "US")),
      ("+447700900123", .invalidNumber(region: "GB")),
    ])
  func rejects(text: String, error: PhoneNumberError) {
    #expect(throws: error) { try PhoneNumber(e164: text) }
  }
}
