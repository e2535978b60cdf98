import PhoneNumbers
import Testing

@Suite("Number types")
struct NumberTypeTests {
  @Test(
    "Line types from libphonenumber's metadata",
    arguments: [
      ("+447400123456", PhoneNumberType.mobile),
      ("+442079460018", .fixedLine),
      ("+19025551234", .fixedLineOrMobile),  // NANP does not tell them apart
      ("+18002530000", .tollFree),
      ("+80012345678", .tollFree),
      ("+449025551234", .premiumRate),
      ("+33655555555", .mobile),
    ])
  func types(e164: String, type: PhoneNumberType) throws {
    #expect(try PhoneNumber(e164: e164).numberType == type)
  }
}
