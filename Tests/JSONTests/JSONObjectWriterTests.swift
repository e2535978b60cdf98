import JSON
import Testing

@Suite("Writing one object straight into bytes")
struct JSONObjectWriterTests {
    @Test func membersNullsAndNestedObjectsMatchTheValueEncoder() throws {
        var writer = JSONObjectWriter()
        writer.member("found", true)
        writer.member("contact", object: { contact in
            contact.member("name", "Zoë \"Z\"\n")
            contact.member("email", nil as String?)
        })
        writer.member("missing", object: nil)
        writer.member("cache", "hit")
        let bytes = writer.finished()

        let expected: JSONValue = ["found": true, "contact": ["name": "Zoë \"Z\"\n", "email": .null],
                                   "missing": .null, "cache": "hit"]
        #expect(bytes == expected.encoded())
        #expect(try JSONValue(parsing: bytes) == expected)
    }

    @Test func anEmptyObjectAndAnEmptyNestedOne() {
        #expect(String(decoding: JSONObjectWriter().finished(), as: UTF8.self) == "{}")
        var writer = JSONObjectWriter(capacity: 0)
        writer.member("inner", object: { _ in })
        #expect(String(decoding: writer.finished(), as: UTF8.self) == #"{"inner":{}}"#)
    }
}
