extension String {
  /// Decodes a NUL-terminated UTF-8 C `char[N]` field, which Swift imports
  /// as a tuple of `CChar`.
  init<Tuple>(cArray tuple: Tuple) {
    self = withUnsafeBytes(of: tuple) { bytes in
      String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }
  }
}
