import Testing
@testable import JSON

@Suite("JSONObject")
struct ObjectTests {
    @Test func parseOrderIsPreservedThroughRoundTrip() throws {
        let text = #"{"zeta":1,"alpha":2,"mid":3,"beta":{"y":1,"x":2}}"#
        let v = try parse(text)
        #expect(v.objectValue?.keys == ["zeta", "alpha", "mid", "beta"])
        #expect(v["beta"]?.objectValue?.keys == ["y", "x"])
        #expect(v.encodedString() == text)
    }

    @Test func literalOrderIsPreserved() {
        let o: JSONObject = ["c": 1, "a": 2, "b": 3]
        #expect(o.keys == ["c", "a", "b"])
        #expect(o.map(\.key) == ["c", "a", "b"])
        #expect(o.map(\.value) == [1, 2, 3])
    }

    @Test func subscriptSetAppendsReplacesInPlaceAndRemoves() {
        var o = JSONObject()
        #expect(o.isEmpty)
        o["b"] = 1
        o["a"] = 2
        o["c"] = 3
        o["a"] = "replaced"
        #expect(o.keys == ["b", "a", "c"])
        #expect(o["a"] == "replaced")
        o["b"] = nil
        #expect(o.keys == ["a", "c"])
        #expect(o["b"] == nil)
        #expect(o.count == 2)
        o["missing"] = nil  // removing an absent key is a no-op
        #expect(o.count == 2)
    }

    @Test func explicitNullIsNotRemoval() {
        var o: JSONObject = ["a": 1]
        o["a"] = .null
        #expect(o["a"] == .null)
        #expect(o.count == 1)
        o["a"] = nil
        #expect(o.count == 0)
    }

    @Test func updateAndRemoveReturnOldValues() {
        var o: JSONObject = ["a": 1]
        #expect(o.updateValue(2, forKey: "a") == 1)
        #expect(o.updateValue(3, forKey: "b") == nil)
        #expect(o.removeValue(forKey: "a") == 2)
        #expect(o.removeValue(forKey: "a") == nil)
        #expect(o.keys == ["b"])
        #expect(o.values == [3])
    }

    @Test func largeObjectLookupRemoveAndReinsert() {
        // Crosses the hashed-index threshold and back, checking lookups stay right.
        var o = JSONObject()
        for i in 0..<100 { o["k\(i)"] = .int(Int64(i)) }
        for i in 0..<100 { #expect(o["k\(i)"] == .int(Int64(i))) }
        for i in stride(from: 0, to: 100, by: 2) { o["k\(i)"] = nil }
        #expect(o.count == 50)
        for i in 0..<100 {
            #expect(o["k\(i)"] == (i % 2 == 0 ? nil : .int(Int64(i))))
        }
        o["k1"] = "moved?"
        #expect(o.keys.first == "k1")  // replaced in place, not moved
        while o.count > 3 { o[o.keys.last!] = nil }
        #expect(o.keys == ["k1", "k3", "k5"])
        o["new"] = true
        #expect(o["new"] == true && o["k5"] == 5)
    }

    @Test func equalityIsOrderSensitive() {
        let ab: JSONObject = ["a": 1, "b": 2]
        let ba: JSONObject = ["b": 2, "a": 1]
        #expect(ab != ba)
        #expect(ab == ["a": 1, "b": 2])
        #expect(ab != ["a": 1])
        #expect(ab != ["a": 1, "b": 3])
    }

    @Test func equalityIgnoresIndexState() {
        // Same members reached by different histories (one with a hashed index) must be equal.
        var grown = JSONObject()
        for i in 0..<40 { grown["k\(i)"] = .int(Int64(i)) }
        while grown.count > 2 { grown[grown.keys.last!] = nil }
        let literal: JSONObject = ["k0": 0, "k1": 1]
        #expect(grown == literal)
    }

    @Test func duplicateLiteralKeysLastWins() {
        let o: JSONObject = ["a": 1, "b": 2, "a": 3]
        #expect(o.keys == ["a", "b"])
        #expect(o["a"] == 3)
    }

    @Test func iterationYieldsLabeledPairs() {
        let o: JSONObject = ["x": true, "y": nil]
        var seen: [String] = []
        for (key, value) in o { seen.append("\(key)=\(value)") }
        #expect(seen == ["x=true", "y=null"])
        #expect(o.underestimatedCount == 2)
    }

    @Test func valueSemantics() {
        let original: JSONObject = ["a": 1]
        var copy = original
        copy["a"] = 2
        #expect(original["a"] == 1)
        #expect(copy["a"] == 2)
    }
}
