import Base
import EmulatorSupport
import HTTPServer
import JSON
@testable import OpenPhoneEmulator
import Testing

/// One answer, decoded.
struct Answer {
    let response: ServerResponse
    var status: Int { response.status }
    var json: JSONValue { (try? JSONValue(parsing: response.body)) ?? .null }
    func header(_ name: String) -> String? { response.headers[name] }
}

let apiKey = "emulator-openphone-key"

/// An emulator on a hand-moved clock, webhooks nowhere unless configured.
func makeEmulator(clock: ManualClock = ManualClock(wall: Timestamp(milliseconds: 1_764_900_000_000)),
                  configure: (inout OpenPhoneEmulatorConfiguration) -> Void = { _ in }) -> OpenPhoneEmulator {
    var configuration = OpenPhoneEmulatorConfiguration()
    configuration.clock = clock.clock
    configure(&configuration)
    return OpenPhoneEmulator(configuration: configuration)
}

extension OpenPhoneEmulator {
    func call(_ method: String, _ target: String, body: String = "", authorization: String? = apiKey) -> Answer {
        var headers = [HTTPField(name: "Host", value: "api.openphone.test")]
        if let authorization { headers.append(HTTPField(name: "Authorization", value: authorization)) }
        return Answer(response: handle(ServerRequest(method: method, target: target, headers: headers, body: body)))
    }

    func send(_ body: String, authorization: String? = apiKey) -> Answer {
        call("POST", "/v1/messages", body: body, authorization: authorization)
    }

    /// A valid send from the demo line to `to`.
    func send(text: String = "Hello", to: String = "+19025551234", authorization: String? = apiKey) -> Answer {
        send(#"{"content":"\#(text)","from":"PNdemo01","to":["\#(to)"]}"#, authorization: authorization)
    }

    func control(_ method: String, _ path: String, _ body: String = "") -> Answer {
        call(method, "/__emulator/" + path, body: body, authorization: nil)
    }

    func stats() -> JSONValue { control("GET", "stats").json }
    func messages() -> [JSONValue] { control("GET", "messages").json["data"]?.arrayValue ?? [] }
}

/// Checks OpenPhone's error members.
func expectOpenPhoneError(_ answer: Answer, status: Int, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(answer.status == status, "\(answer.response.bodyText)", sourceLocation: sourceLocation)
    #expect(answer.json["status"]?.intValue == Int64(status), sourceLocation: sourceLocation)
    #expect(answer.json["message"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
    #expect(answer.json["code"]?.stringValue?.hasSuffix(String(status)) == true, sourceLocation: sourceLocation)
    #expect(answer.header("Content-Type")?.hasPrefix("application/json") == true, sourceLocation: sourceLocation)
}
