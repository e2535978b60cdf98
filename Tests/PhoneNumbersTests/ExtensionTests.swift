import PhoneNumbers
import Testing

@Suite("Extensions")
struct ExtensionTests {
  @Test(
    "Extension spellings",
    arguments: [
      "902-555-1234 x123",
      "902-555-1234 x 123",
      "902-555-1234 ext 123",
      "902-555-1234 ext. 123",
      "902-555-1234 extension 123",
      "902-555-1234 #123",
      "902-555-1234;ext=123",
      "tel:+1-902-555-1234;ext=123",
      "+1 (902) 555-1234 x123",
    ])
  func spellings(text: String) throws {
    let number = try PhoneNumber(parsing: text, defaultRegion: .us)
    #expect(number.e164 == "+19025551234")
    #expect(number.phoneExtension == "123")
    #expect(number.description == "+19025551234")
    #expect(number.international == "+1 902-555-1234 ext. 123")
    #expect(number.national == "(902) 555-1234 ext. 123")
  }

  @Test("An extension makes a different value, not a different E.164")
  func equality() throws {
    let plain = try PhoneNumber(parsing: "902-555-1234", defaultRegion: .us)
    let withExtension = try PhoneNumber(parsing: "902-555-1234 x5", defaultRegion: .us)
    #expect(plain.phoneExtension == nil)
    #expect(plain != withExtension)
    #expect(plain.e164 == withExtension.e164)
  }

  @Test("Extensions use the country's own prefix when formatted")
  func countryPrefix() throws {
    let gb = try #require(PhoneRegion("GB"))
    let number = try PhoneNumber(parsing: "020 7946 0018 ext 5", defaultRegion: gb)
    #expect(number.phoneExtension == "5")
    #expect(number.international == "+44 20 7946 0018 x5")
  }

  @Test("The longest extension libphonenumber reads fits")
  func longExtension() throws {
    let digits = "12345678901234567890"
    let number = try PhoneNumber(parsing: "902-555-1234 ext. \(digits)", defaultRegion: .us)
    #expect(number.phoneExtension == digits)
    #expect(number.national == "(902) 555-1234 ext. \(digits)")
  }
}
