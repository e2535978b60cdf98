import PhoneNumbers
import Testing

/// Digits without a calling code mean different numbers in different
/// regions; validity is judged in the region they are read in.
@Suite("Region-dependent validity")
struct RegionValidityTests {
  @Test(
    "Valid in one region, invalid in another",
    arguments: [
      // text, region where valid, e164 there, region where not, error there
      ("020 7946 0018", "GB", "+442079460018", "US", PhoneNumberError.tooLong),
      ("07400 123456", "GB", "+447400123456", "US", .tooLong),
      ("513 227 1572", "US", "+15132271572", "GB", .invalidNumber(region: "GB")),
      ("513-227-1572", "US", "+15132271572", "AU", .invalidNumber(region: "AU")),
      ("06 55 55 55 55", "FR", "+33655555555", "US", .invalidNumber(region: "US")),
      ("0412 345 678", "AU", "+61412345678", "US", .invalidNumber(region: "US")),
      ("8123 4567", "SG", "+6581234567", "US", .tooShort),
    ])
  func dependsOnRegion(
    text: String, validIn: String, e164: String, invalidIn: String, error: PhoneNumberError
  ) throws {
    let valid = try PhoneNumber(parsing: text, defaultRegion: try #require(PhoneRegion(validIn)))
    #expect(valid.e164 == e164)
    let other = try #require(PhoneRegion(invalidIn))
    #expect(throws: error) { try PhoneNumber(parsing: text, defaultRegion: other) }
  }

  @Test("The same digits are different numbers in different regions")
  func sameDigitsDifferentNumbers() throws {
    let us = try PhoneNumber(parsing: "902 555 1234", defaultRegion: .us)
    let gb = try PhoneNumber(parsing: "902 555 1234", defaultRegion: try #require(PhoneRegion("GB")))
    #expect(us.e164 == "+19025551234")
    #expect(gb.e164 == "+449025551234")
    #expect(gb.numberType == .premiumRate)
    #expect(us != gb)
  }

  @Test("A calling code overrides the default region")
  func callingCodeWins() throws {
    let jp = try #require(PhoneRegion("JP"))
    let number = try PhoneNumber(parsing: "+1 902 555 1234", defaultRegion: jp)
    #expect(number.e164 == "+19025551234")
  }
}
