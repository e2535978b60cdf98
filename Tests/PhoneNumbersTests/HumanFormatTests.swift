import PhoneNumbers
import Testing

/// The same number written the many ways people write it.
@Suite("Human formats")
struct HumanFormatTests {
  @Test(
    "Halifax number read with a US default region",
    arguments: [
      "(902) 555-1234",
      "902.555.1234",
      "902-555-1234",
      "902 555 1234",
      "9025551234",
      "902/555-1234",
      "[902] 555 1234",
      "1-902-555-1234",
      "1 (902) 555-1234",
      "1.902.555.1234",
      "19025551234",
      "+1 902 555 1234",
      "+1-902-555-1234",
      "+1 (902) 555-1234",
      "+19025551234",
      "011 1 902 555 1234",  // the US international prefix
      "001 902 555 1234",  // 00 read as international prefix on retry
      "  902 555 1234  ",
      "902\u{2010}555\u{2010}1234",  // Unicode hyphens
      "902\u{2013}555\u{2013}1234",  // en dashes
      "tel:+1-902-555-1234",
      "tel:9025551234",
      "Phone: 902-555-1234",
    ])
  func halifax(text: String) throws {
    let number = try PhoneNumber(parsing: text, defaultRegion: .us)
    #expect(number.e164 == "+19025551234")
    #expect(number.nationalNumber == "9025551234")
    #expect(number.countryCode == 1)
    #expect(number.region == "CA")
    #expect(number.phoneExtension == nil)
  }

  @Test(
    "London number written internationally, read with a US default region",
    arguments: [
      "+44 20 7946 0018",
      "+442079460018",
      "+44 (0)20 7946 0018",
      "+44 (0) 20 7946 0018",
      "011 44 20 7946 0018",  // US international prefix
      "0044 20 7946 0018",  // 00 is not the US prefix: read again as +44
      "0044 (0)20 7946 0018",
    ])
  func londonFromUS(text: String) throws {
    let number = try PhoneNumber(parsing: text, defaultRegion: .us)
    #expect(number.e164 == "+442079460018")
    #expect(number.nationalNumber == "2079460018")
    #expect(number.region == "GB")
  }

  @Test(
    "London number written nationally, read with a GB default region",
    arguments: ["020 7946 0018", "02079460018", "(020) 7946 0018", "0044 20 7946 0018"])
  func londonFromGB(text: String) throws {
    let gb = try #require(PhoneRegion("GB"))
    let number = try PhoneNumber(parsing: text, defaultRegion: gb)
    #expect(number.e164 == "+442079460018")
  }

  @Test("Letters after digits are read as a vanity number")
  func vanity() throws {
    let number = try PhoneNumber(parsing: "1-800-FLOWERS", defaultRegion: .us)
    #expect(number.e164 == "+18003569377")
    #expect(number.numberType == .tollFree)
  }
}
