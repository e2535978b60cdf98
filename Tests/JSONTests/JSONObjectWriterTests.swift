import JSON
import Testing

@Suite("Writing one object straight into bytes")
struct JSONObjectWriterTests {
    @Test func membersNullsAndNestedObjectsMatchTheValueEncoder() throws {
        var writer = JSONObjectWriter()
        writer.member("found", true)
        var contact = JSONObjectWriter()
        contact.member("name", "Zoë \"Z\"\n")
        contact.member("email", nil as String?)
        writer.member("contact", json: contact.finished())
        writer.member("missing", json: nil)
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
        writer.member("inner", json: JSONObjectWriter(capacity: 0).finished())
        #expect(String(decoding: writer.finished(), as: UTF8.self) == #"{"inner":{}}"#)
    }

    @Test func numbersValuesAndAnotherObjectsMembersMatchTheValueEncoder() throws {
        var writer = JSONObjectWriter()
        writer.member("time", ascii: { $0.append(contentsOf: Array("2026-12-05T00:00:00.000Z".utf8)) })
        writer.members(of: ["phone": "+19025551234", "we\"ird": .int(3)])
        writer.member("latencyMs", 0.25)
        writer.member("user", nil as String?)
        let expected: JSONValue = ["time": "2026-12-05T00:00:00.000Z", "phone": "+19025551234", "we\"ird": .int(3),
                                   "latencyMs": .double(0.25), "user": .null]
        #expect(writer.finished() == expected.encoded())
    }
}
