import PhoneNumbers
import Testing

@Suite("Concurrency")
struct ConcurrencyTests {
  /// Valid and invalid input across several regions, so every code path in
  /// the C layer runs at once on several threads.
  static let corpus: [(String, String)] = [
    ("(902) 555-1234", "US"), ("0044 20 7946 0018", "US"), ("020 7946 0018", "GB"),
    ("06 55 55 55 55", "FR"), ("(11) 99999-9999", "BR"), ("090-1234-5678", "JP"),
    ("９０２５５５１２３４", "US"), ("902-555-1234 x123", "US"), ("12", "US"),
    ("abc", "US"), ("+1 555 555 5555", "US"), ("+999 123 4567", "DE"),
    ("902 555 1234 5678", "CA"), ("", "US"), ("513 227 1572", "GB"),
  ]

  typealias Outcome = Result<PhoneNumber, PhoneNumberError>

  static func outcomes() -> [Outcome] {
    corpus.map { text, code in
      Result { () throws(PhoneNumberError) in
        let number = try PhoneNumber(parsing: text, defaultRegion: PhoneRegion(code)!)
        // Formatting runs through the C layer too.
        _ = (number.international, number.national)
        return number
      }
    }
  }

  @Test("Parsing from many tasks at once gives the serial results")
  func parallelMatchesSerial() async {
    let expected = Self.outcomes()
    let rounds = 50
    await withTaskGroup(of: [Outcome].self) { group in
      for _ in 0..<8 {
        group.addTask {
          var all: [Outcome] = []
          for _ in 0..<rounds { all += Self.outcomes() }
          return all
        }
      }
      for await results in group {
        #expect(results.count == expected.count * rounds)
        #expect(results == Array(repeating: expected, count: rounds).flatMap { $0 })
      }
    }
  }
}
