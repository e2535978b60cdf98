import Testing
@testable import JSON

@Suite("Literals and accessors")
struct LiteralAndAccessTests {
    @Test func literalConformances() {
        let null: JSONValue = nil
        let bool: JSONValue = true
        let int: JSONValue = -5
        let double: JSONValue = 2.5
        let string: JSONValue = "s"
        let array: JSONValue = [1, "two", nil, false]
        let object: JSONValue = ["k": [1.5]]
        #expect(null == .null)
        #expect(bool == .bool(true))
        #expect(int == .int(-5))
        #expect(double == .double(2.5))
        #expect(string == .string("s"))
        #expect(array == .array([.int(1), .string("two"), .null, .bool(false)]))
        #expect(object == .object(["k": .array([.double(1.5)])]))
    }

    @Test func intAndDoubleAreDistinctCases() {
        #expect(JSONValue.int(1) != JSONValue.double(1.0))
    }

    struct AccessorCase: Sendable, CustomTestStringConvertible {
        var value: JSONValue
        var string: String?
        var int: Int64?
        var double: Double?
        var bool: Bool?
        var isArray = false
        var isObject = false
        var isNull = false
        var testDescription: String { value.description }
    }

    @Test("typed accessors", arguments: [
        AccessorCase(value: .null, isNull: true),
        AccessorCase(value: .bool(false), bool: false),
        AccessorCase(value: .int(3), int: 3, double: 3.0),
        AccessorCase(value: .int(Int64.min), int: Int64.min, double: -9223372036854775808.0),
        AccessorCase(value: .double(3.0), int: 3, double: 3.0),
        AccessorCase(value: .double(-0.0), int: 0, double: -0.0),
        AccessorCase(value: .double(3.5), double: 3.5),
        AccessorCase(value: .double(1e19), double: 1e19),                  // integral but > Int64.max
        AccessorCase(value: .double(9223372036854775808.0), double: 9223372036854775808.0),  // exactly 2^63
        AccessorCase(value: .double(-9223372036854775808.0), int: Int64.min, double: -9223372036854775808.0),
        AccessorCase(value: .double(.infinity), double: .infinity),
        AccessorCase(value: .string("7"), string: "7"),                     // no string->number coercion
        AccessorCase(value: [1], isArray: true),
        AccessorCase(value: ["a": 1], isObject: true),
    ])
    func accessors(_ c: AccessorCase) {
        #expect(c.value.stringValue == c.string)
        #expect(c.value.intValue == c.int)
        #expect(c.value.doubleValue == c.double)
        #expect(c.value.boolValue == c.bool)
        #expect((c.value.arrayValue != nil) == c.isArray)
        #expect((c.value.objectValue != nil) == c.isObject)
        #expect(c.value.isNull == c.isNull)
    }

    @Test func nanHasNoIntValue() {
        #expect(JSONValue.double(.nan).intValue == nil)
        #expect(JSONValue.double(.nan).doubleValue?.isNaN == true)
    }

    @Test func subscripts() throws {
        let v = try parse(#"{"deal":{"amount":12.5,"ids":[7,8]},"n":null}"#)
        #expect(v["deal"]?["amount"]?.doubleValue == 12.5)
        #expect(v["deal"]?["ids"]?[1] == 8)
        #expect(v["deal"]?["ids"]?[2] == nil)    // out of range
        #expect(v["deal"]?["ids"]?[-1] == nil)   // negative
        #expect(v["missing"] == nil)
        #expect(v["n"] == .null)                 // present-but-null differs from missing
        #expect(v["n"]?.isNull == true)
        #expect(v[0] == nil)                     // index into object
        #expect(v["deal"]?["ids"]?["x"] == nil)  // key into array
        #expect(JSONValue.string("abc")[0] == nil)
        #expect(JSONValue.int(1)["a"] == nil)
    }

    @Test func arrayAndObjectValues() {
        let v: JSONValue = ["list": [1, 2, 3], "obj": ["a": true]]
        #expect(v["list"]?.arrayValue == [1, 2, 3])
        #expect(v["obj"]?.objectValue?.keys == ["a"])
    }
}
