import CPhoneNumber

extension PhoneNumber {
  /// Parses and validates through `cpn_parse`, accepting numbers that pass `accepting`.
  static func parse(_ text: String, defaultRegion: String?, accepting: NumberCheck)
    throws(PhoneNumberError) -> PhoneNumber
  {
    // Checked here as well as in C because C only knows ASCII whitespace.
    if text.allSatisfy(\.isWhitespace) { throw .empty }
    // A C string ends at the first NUL, so "902\0abc" would reach
    // libphonenumber as "902": refuse rather than read part of the input.
    if text.utf8.contains(0) { throw .notAPhoneNumber }

    var result = cpn_result()
    let status = text.withCString { cText in
      guard let defaultRegion else { return cpn_parse(cText, nil, accepting.cValue, &result) }
      return defaultRegion.withCString { cpn_parse(cText, $0, accepting.cValue, &result) }
    }
    guard status == CPN_OK else {
      throw PhoneNumberError(status: status, region: String(cArray: result.region))
    }
    return PhoneNumber(result)
  }

  /// Enforces the shape `+` and at most 15 ASCII digits; libphonenumber
  /// judges the digits.
  static func checkE164Syntax(_ text: String) throws(PhoneNumberError) {
    if text.allSatisfy(\.isWhitespace) { throw .empty }
    var bytes = text.utf8[...]
    guard bytes.popFirst() == UInt8(ascii: "+") else { throw .invalidCountryCode }
    guard bytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
      throw .notAPhoneNumber
    }
    // E.164 caps a number at 15 digits, calling code included.
    guard bytes.count <= 15 else { throw .tooLong }
  }

  private init(_ result: cpn_result) {
    let phoneExtension = String(cArray: result.extension)
    self.e164 = String(cArray: result.e164)
    self.nationalNumber = String(cArray: result.national_number)
    self.countryCode = Int(result.country_code)
    self.region = String(cArray: result.region)
    self.phoneExtension = phoneExtension.isEmpty ? nil : phoneExtension
    self.check = NumberCheck(result.check)
  }
}
