import EmulatorSupport
import HTTPServer
@testable import HubSpotEmulator
import JSON
import PhoneNumbers
import Testing

/// One answer, decoded.
struct Answer {
    let response: ServerResponse
    var status: Int { response.status }
    var json: JSONValue { (try? JSONValue(parsing: response.body)) ?? .null }
    var header: (String) -> String? { { name in response.headers[name] } }
    /// Result ids of a search or list answer.
    var ids: [String] { json["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [] }
}

/// `{"id": id, "properties": properties}` with string values.
func record(_ id: Int, _ properties: [String: String]) -> JSONValue {
    var object = JSONObject()
    for (key, value) in properties.sorted(by: { $0.key < $1.key }) { object[key] = .string(value) }
    return ["id": .string(String(id)), "properties": .object(object)]
}

func makeEmulator(_ contacts: [JSONValue] = [], companies: [JSONValue] = [], clock: ManualClock = ManualClock(),
                  configure: (inout HubSpotEmulatorConfiguration) -> Void = { _ in }) throws -> HubSpotEmulator {
    var configuration = HubSpotEmulatorConfiguration()
    configuration.clock = clock.clock
    configuration.searchRatePerSecond = 0
    configure(&configuration)
    let seed = try SeedData(contacts: JSONValue.array(contacts).encoded(), companies: JSONValue.array(companies).encoded(),
                            region: configuration.defaultRegion, phoneRegion: configuration.behaviour.phoneRegion,
                            now: clock.now.milliseconds)
    return HubSpotEmulator(configuration: configuration, seed: seed)
}

extension HubSpotEmulator {
    func call(_ method: String, _ target: String, body: String = "", token: String? = "emulator-token") -> Answer {
        var headers = [HTTPField(name: "Host", value: "hubspot.test")]
        if let token { headers.append(HTTPField(name: "Authorization", value: "Bearer \(token)")) }
        return Answer(response: handle(ServerRequest(method: method, target: target, headers: headers, body: body)))
    }

    func search(_ body: String, token: String? = "emulator-token") -> Answer {
        call("POST", "/crm/v3/objects/contacts/search", body: body, token: token)
    }

    /// Ids matching one filter (JSON text of the filter object).
    func ids(matching filter: String) -> [String] {
        let answer = search(#"{"filterGroups":[{"filters":[\#(filter)]}],"limit":200}"#)
        #expect(answer.status == 200, "\(filter): \(answer.response.bodyText)")
        return answer.ids
    }

    func stats() -> JSONValue { call("GET", "/__emulator/stats", token: nil).json }

    /// `POST /__emulator/behaviour` with `body`.
    @discardableResult
    func behave(_ body: String) -> Answer { call("POST", "/__emulator/behaviour", body: body, token: nil) }

    func create(_ properties: String) -> Answer {
        call("POST", "/crm/v3/objects/contacts", body: #"{"properties":\#(properties)}"#)
    }
}

/// Checks HubSpot's common error members.
func expectHubSpotError(_ answer: Answer, status: Int, category: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(answer.status == status, "\(answer.response.bodyText)", sourceLocation: sourceLocation)
    #expect(answer.json["status"]?.stringValue == "error", sourceLocation: sourceLocation)
    #expect(answer.json["category"]?.stringValue == category, sourceLocation: sourceLocation)
    #expect(answer.json["message"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
    let correlation = answer.json["correlationId"]?.stringValue ?? ""
    #expect(correlation.count == 36 && correlation.split(separator: "-").count == 5, sourceLocation: sourceLocation)
    #expect(answer.header("Content-Type")?.hasPrefix("application/json") == true, sourceLocation: sourceLocation)
}
