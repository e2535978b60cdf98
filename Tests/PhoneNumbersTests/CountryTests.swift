import PhoneNumbers
import Testing

/// National formats per country: canonical E.164 and the national
/// significant number HubSpot searches on (no trunk prefix, except where
/// the country keeps it, like Italy's leading 0).
@Suite("Countries")
struct CountryTests {
  @Test(
    "National format in its own region",
    arguments: [
      // text, default region, e164, national significant number, region
      ("513-227-1572", "US", "+15132271572", "5132271572", "US"),
      ("(506) 234-5678", "CA", "+15062345678", "5062345678", "CA"),
      ("07400 123456", "GB", "+447400123456", "7400123456", "GB"),
      ("020 7946 0018", "GB", "+442079460018", "2079460018", "GB"),
      ("06 55 55 55 55", "FR", "+33655555555", "655555555", "FR"),
      ("030 123456", "DE", "+4930123456", "30123456", "DE"),
      ("01512 3456789", "DE", "+4915123456789", "15123456789", "DE"),
      ("(11) 99999-9999", "BR", "+5511999999999", "11999999999", "BR"),
      ("0 21 11 99999-9999", "BR", "+5511999999999", "11999999999", "BR"),  // carrier code
      ("(11) 2345-6789", "BR", "+551123456789", "1123456789", "BR"),
      ("0412 345 678", "AU", "+61412345678", "412345678", "AU"),
      ("(02) 1234 5678", "AU", "+61212345678", "212345678", "AU"),
      ("98765 43210", "IN", "+919876543210", "9876543210", "IN"),
      ("074104 10123", "IN", "+917410410123", "7410410123", "IN"),
      ("55 1234 5678", "MX", "+525512345678", "5512345678", "MX"),
      ("044 222 123 4567", "MX", "+522221234567", "2221234567", "MX"),  // old mobile prefix
      ("090-1234-5678", "JP", "+819012345678", "9012345678", "JP"),
      ("03-1234-5678", "JP", "+81312345678", "312345678", "JP"),
      ("612 34 56 78", "ES", "+34612345678", "612345678", "ES"),
      ("02 1234 5678", "IT", "+390212345678", "0212345678", "IT"),  // Italy keeps the 0
      ("312 345 6789", "IT", "+393123456789", "3123456789", "IT"),
      ("06 12345678", "NL", "+31612345678", "612345678", "NL"),
      ("010 123 4567", "NL", "+31101234567", "101234567", "NL"),
      ("078 123 45 67", "CH", "+41781234567", "781234567", "CH"),
      ("070-123 45 67", "SE", "+46701234567", "701234567", "SE"),
      ("071 123 4567", "ZA", "+27711234567", "711234567", "ZA"),
      ("8123 4567", "SG", "+6581234567", "81234567", "SG"),
      ("021 123 4567", "NZ", "+64211234567", "211234567", "NZ"),
      ("085 012 3456", "IE", "+353850123456", "850123456", "IE"),
      ("011 15-2345-6789", "AR", "+5491123456789", "91123456789", "AR"),
      ("010-2000-0000", "KR", "+821020000000", "1020000000", "KR"),
      ("131 2345 6789", "CN", "+8613123456789", "13123456789", "CN"),
    ])
  func national(
    text: String, defaultRegion: String, e164: String, nationalNumber: String, region: String
  ) throws {
    let number = try PhoneNumber(parsing: text, defaultRegion: try #require(PhoneRegion(defaultRegion)))
    #expect(number.e164 == e164)
    #expect(number.nationalNumber == nationalNumber)
    #expect(number.region == region)
    #expect(number.e164 == "+\(number.countryCode)\(number.nationalNumber)")
  }

  @Test(
    "International format read with a US default region",
    arguments: [
      // text, e164, national significant number, calling code, region
      ("+33655555555", "+33655555555", "655555555", 33, "FR"),
      ("+33 6 55 55 55 55", "+33655555555", "655555555", 33, "FR"),
      ("+5511999999999", "+5511999999999", "11999999999", 55, "BR"),
      ("+44 7400 123456", "+447400123456", "7400123456", 44, "GB"),
      ("+91 98765 43210", "+919876543210", "9876543210", 91, "IN"),
      ("+52 1 222 123 4567", "+522221234567", "2221234567", 52, "MX"),  // dropped mobile "1"
      ("+81 90-1234-5678", "+819012345678", "9012345678", 81, "JP"),
      ("+34 612 34 56 78", "+34612345678", "612345678", 34, "ES"),
      ("+7 495 123 45 67", "+74951234567", "4951234567", 7, "RU"),
      ("+86 131 2345 6789", "+8613123456789", "13123456789", 86, "CN"),
      ("+358 40 1234567", "+358401234567", "401234567", 358, "FI"),
      ("+1 (242) 357-1234", "+12423571234", "2423571234", 1, "BS"),  // NANP, not US
      ("+800 1234 5678", "+80012345678", "12345678", 800, "001"),  // non-geographic
    ])
  func international(
    text: String, e164: String, nationalNumber: String, countryCode: Int, region: String
  ) throws {
    let number = try PhoneNumber(parsing: text, defaultRegion: .us)
    #expect(number.e164 == e164)
    #expect(number.nationalNumber == nationalNumber)
    #expect(number.countryCode == countryCode)
    #expect(number.region == region)
  }
}
