import Testing
@testable import PhoneNumbers

/// Numbers from ranges newer than the installed metadata: refused by default, accepted as
/// `.possible` where a caller opts in; numbers that are not even possible stay refused.
///
/// The Nigerian numbers follow the 2023–24 plan (10-digit fixed-line numbers such as
/// `0203 312 7560`), which Debian 12's libphonenumber 8.12.57 (October 2022) predates.
@Suite("Possible numbers")
struct NumberCheckTests {
  let nigeria = PhoneRegion("NG")!

  @Test("A new-plan number is refused by default, as before")
  func refusedByDefault() {
    #expect(throws: PhoneNumberError.invalidNumber(region: "NG")) {
      try PhoneNumber(parsing: "+234 2033 12 7560", defaultRegion: .us)
    }
    #expect(throws: PhoneNumberError.invalidNumber(region: "NG")) {
      try PhoneNumber(e164: "+2342033127560")
    }
  }

  @Test("Accepting possible numbers reads it, and says it is only possible")
  func acceptedWhenAsked() throws {
    let number = try PhoneNumber(parsing: "+234 2033 12 7560", defaultRegion: .us, accepting: .possible)
    #expect(number.e164 == "+2342033127560")
    #expect(number.nationalNumber == "2033127560")
    #expect(number.countryCode == 234)
    #expect(number.region == "NG")
    #expect(number.phoneExtension == nil)
    #expect(number.check == .possible)
    #expect(number.international.hasPrefix("+234"))
  }

  @Test("A North American area code newer than our metadata (Florida's 645) too, placed in the US")
  func newAreaCode() throws {
    let number = try PhoneNumber(parsing: "(645) 201-0123", defaultRegion: .us, accepting: .possible)
    #expect(number.e164 == "+16452010123" && number.region == "US" && number.check == .possible)
    #expect(throws: PhoneNumberError.invalidNumber(region: "US")) {
      try PhoneNumber(parsing: "(645) 201-0123", defaultRegion: .us)
    }
    // Read in Canada it is the same number: the region does not depend on where it was read.
    let canada = try PhoneNumber(parsing: "645 201 0123", defaultRegion: PhoneRegion("CA")!, accepting: .possible)
    #expect(canada == number && canada.region == "US")
  }

  @Test("Written the national way, it follows the same rule in its default region")
  func nationalFormat() throws {
    #expect(throws: PhoneNumberError.invalidNumber(region: "NG")) {
      try PhoneNumber(parsing: "0203 312 7560", defaultRegion: nigeria)
    }
    let number = try PhoneNumber(parsing: "0203 312 7560", defaultRegion: nigeria, accepting: .possible)
    #expect(number.e164 == "+2342033127560")
    #expect(number.region == "NG")
    #expect(number.check == .possible)
    // Read in the US the same text is no number at all: nothing is guessed.
    #expect(throws: PhoneNumberError.self) {
      try PhoneNumber(parsing: "0203 312 7560", defaultRegion: .us, accepting: .possible)
    }
  }

  @Test("With the 00 prefix and in strict E.164 too")
  func otherEntryPoints() throws {
    let idd = try PhoneNumber(parsing: "00234 2033 127560", defaultRegion: .us, accepting: .possible)
    #expect(idd.e164 == "+2342033127560" && idd.check == .possible)
    let strict = try PhoneNumber(e164: "+2342033127560", accepting: .possible)
    #expect(strict == idd)
  }

  @Test(
    "Valid numbers say so whatever the caller accepts",
    arguments: ["+44 20 7946 0018", "(902) 555-1234", "+234 803 123 4567", "+2341 234 5678"])
  func validStaysValid(text: String) throws {
    let strict = try PhoneNumber(parsing: text, defaultRegion: .us)
    let lenient = try PhoneNumber(parsing: text, defaultRegion: .us, accepting: .possible)
    #expect(strict.check == .valid && lenient.check == .valid)
    #expect(strict == lenient)
  }

  @Test(
    "Numbers that are not even possible are refused as before",
    arguments: [
      ("+234 203 312 756", PhoneNumberError.invalidNumber(region: "NG")),  // a length Nigeria never uses
      ("+1 202 555 01", .tooShort),
      ("555 1234", .tooShort),  // local only: no area code
      ("+44 2079 4600", .tooShort),
      ("99999999999999999999", .tooLong),
      ("+999 1234567", .invalidCountryCode),
      ("12", .tooShort),
      ("abc", .notAPhoneNumber),
    ])
  func impossibleRefused(text: String, error: PhoneNumberError) {
    #expect(throws: error) { try PhoneNumber(parsing: text, defaultRegion: .us, accepting: .possible) }
    #expect(throws: error) { try PhoneNumber(parsing: text, defaultRegion: .us) }
  }

  @Test("The memo keeps what each caller accepts apart")
  func memoKeysTheCheck() throws {
    let memo = PhoneNumberMemo(capacity: 64)
    for _ in 0..<2 {  // the second round is answered from memory
      #expect(throws: PhoneNumberError.invalidNumber(region: "NG")) {
        try memo.parse("+234 2033 12 7560", defaultRegion: .us)
      }
      #expect(try memo.parse("+234 2033 12 7560", defaultRegion: .us, accepting: .possible).check == .possible)
    }
  }
}
