import JSON
@testable import OpenPhoneEmulator
import Testing

@Suite("POST /v1/messages and GET /v1/phone-numbers")
struct SendMessageTests {
    @Test("A valid send answers 202 with the queued message, in OpenPhone's shape")
    func accepted() {
        let emulator = makeEmulator()
        let answer = emulator.send(text: "See you at 10", to: "+14165550133")
        #expect(answer.status == 202, "\(answer.response.bodyText)")
        let data = answer.json["data"]
        let id = data?["id"]?.stringValue ?? ""
        #expect(id.hasPrefix("AC") && id.count > 10)
        #expect(data?["object"] == "message")
        #expect(data?["from"] == "+19025550100")
        #expect(data?["to"] == ["+14165550133"])
        #expect(data?["text"] == "See you at 10")
        #expect(data?["direction"] == "outgoing")
        #expect(data?["status"] == "queued")
        #expect(data?["userId"] == "USdemo")
        #expect(data?["phoneNumberId"] == "PNdemo01")
        #expect(data?["conversationId"]?.stringValue?.hasPrefix("CN") == true)
        #expect(data?["createdAt"]?.stringValue?.hasSuffix("Z") == true)
    }

    @Test("Ids are unique; one recipient keeps one conversation")
    func identifiers() {
        let emulator = makeEmulator()
        let first = emulator.send(to: "+14165550133").json["data"]
        let second = emulator.send(to: "+14165550133").json["data"]
        let other = emulator.send(to: "+12125550155").json["data"]
        #expect(first?["id"] != second?["id"])
        #expect(first?["conversationId"] == second?["conversationId"])
        #expect(first?["conversationId"] != other?["conversationId"])
    }

    @Test("from may be the line's number as well as its id")
    func fromNumber() {
        let emulator = makeEmulator()
        let answer = emulator.send(#"{"content":"x","from":"+19025550100","to":["+19025551234"]}"#)
        #expect(answer.status == 202)
        #expect(answer.json["data"]?["phoneNumberId"] == "PNdemo01")
    }

    @Test("No key, a wrong key, or the key as Bearer: 401 that never repeats the header",
          arguments: [nil, "wrong-key", "Bearer emulator-openphone-key", "emulator-openphone-key "])
    func unauthorized(authorization: String?) {
        let emulator = makeEmulator()
        let answer = emulator.send(#"{"content":"x","from":"PNdemo01","to":["+19025551234"]}"#,
                                   authorization: authorization)
        expectOpenPhoneError(answer, status: 401)
        #expect(!answer.response.bodyText.contains("emulator-openphone-key"))
        #expect(!answer.response.bodyText.contains("wrong-key"))
        #expect(emulator.messages().isEmpty)
    }

    @Test("Bodies OpenPhone refuses: 400 naming the field", arguments: [
        ("not json", nil),
        (#"["content"]"#, nil),
        (#"{"from":"PNdemo01","to":["+19025551234"]}"#, "/content"),
        (#"{"content":"","from":"PNdemo01","to":["+19025551234"]}"#, "/content"),
        (#"{"content":7,"from":"PNdemo01","to":["+19025551234"]}"#, "/content"),
        (#"{"content":"x","from":"PNdemo01"}"#, "/to"),
        (#"{"content":"x","from":"PNdemo01","to":"+19025551234"}"#, "/to"),
        (#"{"content":"x","from":"PNdemo01","to":[]}"#, "/to"),
        (#"{"content":"x","from":"PNdemo01","to":["+19025551234","+19025551235"]}"#, "/to"),
        (#"{"content":"x","from":"PNdemo01","to":["9025551234"]}"#, "/to/0"),
        (#"{"content":"x","from":"PNdemo01","to":["+1 902 555 1234"]}"#, "/to/0"),
        (#"{"content":"x","to":["+19025551234"]}"#, "/from"),
        (#"{"content":"x","from":"PNother","to":["+19025551234"]}"#, "/from"),
        (#"{"content":"x","from":"+19025550199","to":["+19025551234"]}"#, "/from"),
        (#"{"content":"x","from":"PNdemo01","to":["+19025551234"],"userId":"USnobody"}"#, "/userId"),
    ] as [(String, String?)])
    func invalid(body: String, path: String?) {
        let emulator = makeEmulator()
        let answer = emulator.send(body)
        expectOpenPhoneError(answer, status: 400)
        #expect(answer.json["errors"]?[0]?["path"]?.stringValue == path)
        #expect(emulator.messages().isEmpty)
    }

    @Test("content: 1,600 characters (code points) pass, 1,601 do not")
    func contentLength() {
        let emulator = makeEmulator()
        #expect(emulator.send(text: String(repeating: "é", count: 1600)).status == 202)
        #expect(emulator.send(text: String(repeating: "😀", count: 1600)).status == 202)
        expectOpenPhoneError(emulator.send(text: String(repeating: "a", count: 1601)), status: 400)
    }

    @Test("GET /v1/phone-numbers lists the configured lines")
    func phoneNumbers() throws {
        let lines = try PhoneLine.parseList(#"[{"id":"PNa","number":"+14165550100","name":"Toronto"},"#
            + #"{"id":"PNb","number":"+442071234567","name":"London","users":[{"id":"USb","email":"b@x.test"}]}]"#)
        let emulator = makeEmulator { $0.lines = lines }
        let answer = emulator.call("GET", "/v1/phone-numbers")
        #expect(answer.status == 200)
        let data = answer.json["data"]?.arrayValue ?? []
        #expect(data.map { $0["id"] } == ["PNa", "PNb"])
        #expect(data.map { $0["number"] } == ["+14165550100", "+442071234567"])
        #expect(data[0]["formattedNumber"] == "(416) 555-0100")
        #expect(data[1]["users"]?[0]?["id"] == "USb")
        #expect(emulator.send(#"{"content":"x","from":"PNb","to":["+19025551234"]}"#).json["data"]?["userId"] == "USb")
        expectOpenPhoneError(emulator.call("GET", "/v1/phone-numbers", authorization: nil), status: 401)
    }

    @Test("Unknown paths 404 and wrong methods 405, in OpenPhone's shape")
    func routing() {
        let emulator = makeEmulator()
        expectOpenPhoneError(emulator.call("GET", "/v1/calls"), status: 404)
        expectOpenPhoneError(emulator.call("DELETE", "/v1/messages"), status: 405)
        expectOpenPhoneError(emulator.call("POST", "/v1/phone-numbers"), status: 405)
    }
}
