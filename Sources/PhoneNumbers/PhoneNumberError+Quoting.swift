extension PhoneNumberError {
  /// Like ``message``, but naming the input, for example
  /// `"'12' is too short to be a phone number."`.
  ///
  /// The input is trimmed, cut to at most 64 characters, and control and
  /// invisible formatting characters (newlines, bidi overrides) become `?`,
  /// so it cannot forge log lines or reorder the text around it. It is not
  /// escaped for HTML or JSON: do that where it is rendered.
  public func message(quoting input: String) -> String {
    let quoted = "'\(Self.excerpt(of: input))'"
    switch self {
    case .empty: return message
    case .notAPhoneNumber: return "\(quoted) is not a phone number."
    case .tooShort: return "\(quoted) is too short to be a phone number."
    case .tooLong: return "\(quoted) is too long to be a phone number."
    case .invalidCountryCode: return "\(quoted) has no valid country calling code."
    case .invalidNumber(let region?): return "\(quoted) is not a valid phone number for \(region)."
    case .invalidNumber(nil): return "\(quoted) is not a valid phone number."
    }
  }

  static let excerptLimit = 64

  /// The input made safe and short enough to show.
  static func excerpt(of input: String) -> String {
    var characters = Substring(input).drop(while: \.isWhitespace)
    while characters.last?.isWhitespace == true { characters.removeLast() }
    let limit = excerptLimit
    let shown = characters.count > limit ? characters.prefix(limit - 1) : characters[...]
    var excerpt = String(shown.map { isShowable($0) ? $0 : "?" })
    if shown.endIndex != characters.endIndex { excerpt += "…" }
    return excerpt
  }

  private static func isShowable(_ character: Character) -> Bool {
    character.unicodeScalars.allSatisfy { scalar in
      switch scalar.properties.generalCategory {
      case .control, .format, .lineSeparator, .paragraphSeparator,
        .surrogate, .privateUse, .unassigned:
        false
      default:
        true
      }
    }
  }
}
