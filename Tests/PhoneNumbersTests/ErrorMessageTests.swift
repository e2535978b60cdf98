@testable import PhoneNumbers
import Testing

@Suite("Error messages")
struct ErrorMessageTests {
  @Test(
    "Messages without the input",
    arguments: [
      (PhoneNumberError.empty, "The phone number is empty."),
      (.notAPhoneNumber, "The text is not a phone number."),
      (.tooShort, "The phone number is too short."),
      (.tooLong, "The phone number is too long."),
      (.invalidCountryCode, "The phone number has no valid country calling code."),
      (.invalidNumber(region: "US"), "The phone number is not a valid number for US."),
      (.invalidNumber(region: nil), "The phone number is not a valid number."),
    ])
  func plain(error: PhoneNumberError, message: String) {
    #expect(error.message == message)
  }

  @Test(
    "Messages quoting the input",
    arguments: [
      (PhoneNumberError.tooShort, "12", "'12' is too short to be a phone number."),
      (.tooLong, "902 555 1234 5678", "'902 555 1234 5678' is too long to be a phone number."),
      (.notAPhoneNumber, "  abc ", "'abc' is not a phone number."),
      (.invalidCountryCode, "+999 1", "'+999 1' has no valid country calling code."),
      (.invalidNumber(region: "US"), "+1 555 555 5555", "'+1 555 555 5555' is not a valid phone number for US."),
      (.invalidNumber(region: nil), "+1 555", "'+1 555' is not a valid phone number."),
      (.empty, "  ", "The phone number is empty."),
      // Control and bidi characters cannot forge log lines or reorder text.
      (.notAPhoneNumber, "a\nb\u{202E}c", "'a?b?c' is not a phone number."),
    ])
  func quoting(error: PhoneNumberError, input: String, message: String) {
    #expect(error.message(quoting: input) == message)
  }

  @Test("Long input is cut to 64 characters")
  func longInput() {
    let input = String(repeating: "x", count: 1_000)
    let excerpt = PhoneNumberError.excerpt(of: input)
    #expect(excerpt.count == 64)
    #expect(excerpt.hasSuffix("…"))
    #expect(PhoneNumberError.excerpt(of: String(repeating: "x", count: 64)).count == 64)
    #expect(!PhoneNumberError.excerpt(of: String(repeating: "x", count: 64)).hasSuffix("…"))
  }

  @Test("Errors thrown by parsing quote well")
  func endToEnd() {
    #expect {
      try PhoneNumber(parsing: "12", defaultRegion: .us)
    } throws: { error in
      (error as? PhoneNumberError)?.message(quoting: "12") == "'12' is too short to be a phone number."
    }
  }
}
