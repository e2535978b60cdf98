import PhoneNumbers
import Testing

@Suite("PhoneRegion")
struct PhoneRegionTests {
  @Test(
    "Supported codes in any letter case",
    arguments: [("US", "US"), ("us", "US"), ("Ca", "CA"), ("gb", "GB"), ("jP", "JP"), ("BR", "BR")])
  func supported(input: String, code: String) throws {
    let region = try #require(PhoneRegion(input))
    #expect(region.code == code)
    #expect(region.description == code)
  }

  @Test(
    "Unsupported codes",
    arguments: ["", "U", "USA", "XX", "ZZ", "001", "UK", "ÜS", "U\u{0}", " US", "1A"])
  func unsupported(input: String) {
    #expect(PhoneRegion(input) == nil)
  }

  @Test("The US shorthand")
  func us() {
    #expect(PhoneRegion.us.code == "US")
    #expect(PhoneRegion.us == PhoneRegion("us"))
  }
}
