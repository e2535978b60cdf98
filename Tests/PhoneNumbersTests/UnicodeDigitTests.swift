import PhoneNumbers
import Testing

@Suite("Unicode digits")
struct UnicodeDigitTests {
  @Test(
    "Non-ASCII digits normalise to ASCII",
    arguments: [
      "９０２５５５１２３４",  // fullwidth
      "９０２-５５５-１２３４",
      "＋１９０２５５５１２３４",  // fullwidth plus sign too
      "٩٠٢٥٥٥١٢٣٤",  // Arabic-Indic
      "۹۰۲۵۵۵۱۲۳۴",  // Extended Arabic-Indic (Persian)
      "९०२५५५१२३४",  // Devanagari
    ])
  func normalises(text: String) throws {
    let number = try PhoneNumber(parsing: text, defaultRegion: .us)
    #expect(number.e164 == "+19025551234")
    #expect(number.nationalNumber == "9025551234")
  }
}
