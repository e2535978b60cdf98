import CPhoneNumber

extension PhoneNumber {
  /// The international format, for example `"+1 902-555-1234"`; an
  /// extension is kept: `"+1 902-555-1234 ext. 123"`.
  public var international: String { formatted(CPN_FORMAT_INTERNATIONAL) }

  /// The format used inside the number's own country, for example
  /// `"(902) 555-1234"` or `"020 7946 0018"`; an extension is kept.
  public var national: String { formatted(CPN_FORMAT_NATIONAL) }

  /// Formats through `cpn_format`.
  private func formatted(_ style: cpn_format_style) -> String {
    // Longest real output is ~25 characters plus " ext. " and a 20-digit
    // extension; 128 leaves room for any future formatting rule.
    let capacity = 128
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
      let status = e164.withCString { cE164 in
        (phoneExtension ?? "").withCString { cExtension in
          cpn_format(cE164, cExtension, style, buffer.baseAddress, capacity)
        }
      }
      // Cannot fail for a number cpn_parse accepted; E.164 is still correct
      // if it somehow does.
      guard status == CPN_OK else { return e164 }
      return String(cString: buffer.baseAddress!)
    }
  }
}
