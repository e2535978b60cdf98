import Testing
@testable import PhoneNumbers

@Suite("PhoneNumberMemo")
struct MemoTests {
  @Test("answers exactly what a direct parse answers, for numbers and for errors")
  func sameAnswers() throws {
    let memo = PhoneNumberMemo(capacity: 64)
    for text in ["(902) 555-1234", "+44 20 7946 0018", "0044 20 7946 0018", "abc", "12", "+1 555 555 5555"] {
      for _ in 0..<2 {  // the second round is answered from memory
        let direct = Result { () throws(PhoneNumberError) in try PhoneNumber(parsing: text, defaultRegion: .us) }
        let remembered = Result { () throws(PhoneNumberError) in try memo.parse(text, defaultRegion: .us) }
        #expect(direct == remembered, "\(text)")
      }
    }
  }

  @Test("the default region is part of what is remembered")
  func regionIsPartOfTheKey() throws {
    let memo = PhoneNumberMemo(capacity: 64)
    #expect(try memo.parse("020 7946 0018", defaultRegion: PhoneRegion("GB")!).e164 == "+442079460018")
    #expect(throws: PhoneNumberError.self) { try memo.parse("020 7946 0018", defaultRegion: .us) }
  }

  @Test("stays bounded and keeps answering correctly past its capacity")
  func bounded() throws {
    let memo = PhoneNumberMemo(capacity: 32)
    for round in 0..<2 {
      for suffix in 0..<200 {
        let text = "(902) 555-\(1000 + suffix)"
        #expect(try memo.parse(text, defaultRegion: .us).e164 == "+1902555\(1000 + suffix)", "round \(round)")
      }
    }
  }

  @Test("is safe from many threads at once")
  func concurrent() async throws {
    let memo = PhoneNumberMemo(capacity: 128)
    try await withThrowingTaskGroup(of: Void.self) { group in
      for worker in 0..<8 {
        group.addTask {
          for index in 0..<300 {
            let suffix = 1000 + (index * 7 + worker) % 400
            let number = try memo.parse("902-555-\(suffix)", defaultRegion: .us)
            #expect(number.e164 == "+1902555\(suffix)")
          }
        }
      }
      try await group.waitForAll()
    }
  }
}
