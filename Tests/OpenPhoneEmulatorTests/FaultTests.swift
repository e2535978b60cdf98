import HTTPServer
import JSON
@testable import OpenPhoneEmulator
import Testing

@Suite("Fault injection")
struct FaultTests {
    @Test("A status for the next N calls, before the key check, then back to normal")
    func statusCount() {
        let emulator = makeEmulator()
        #expect(emulator.control("POST", "fault", #"{"status":503,"count":3}"#).status == 200)
        expectOpenPhoneError(emulator.send(), status: 503)
        expectOpenPhoneError(emulator.send(authorization: nil), status: 503)
        expectOpenPhoneError(emulator.call("GET", "/v1/phone-numbers"), status: 503)
        #expect(emulator.send().status == 202)
        #expect(emulator.messages().count == 1)
        let stats = emulator.stats()
        #expect(stats["faulted"] == 3)
        #expect(stats["sends"]?["rejected"]?["503"] == 2)
        #expect(stats["sends"]?["accepted"] == 1)
    }

    @Test("The endpoint filter limits a fault to one operation")
    func endpointFilter() {
        let emulator = makeEmulator()
        _ = emulator.control("POST", "fault", #"{"status":500,"endpoint":"messages"}"#)
        #expect(emulator.call("GET", "/v1/phone-numbers").status == 200)
        for _ in 0..<3 { expectOpenPhoneError(emulator.send(), status: 500) }
        #expect(emulator.control("DELETE", "fault").status == 200)
        #expect(emulator.send().status == 202)
    }

    @Test("402 and 429 faults: OpenPhone's wording, Retry-After when asked")
    func specialStatuses() {
        let emulator = makeEmulator()
        _ = emulator.control("POST", "fault", #"{"status":429,"retryAfter":7,"count":1}"#)
        let limited = emulator.send()
        expectOpenPhoneError(limited, status: 429)
        #expect(limited.header("Retry-After") == "7")
        _ = emulator.control("POST", "fault", #"{"status":402,"count":1}"#)
        let credits = emulator.send()
        expectOpenPhoneError(credits, status: 402)
        #expect(credits.json["message"]?.stringValue?.contains("credits") == true)
    }

    @Test("Latency delays the answer without blocking the handler; a late 202 still sends")
    func latency() {
        let emulator = makeEmulator()
        _ = emulator.control("POST", "fault", #"{"latencyMs":1500,"count":1}"#)
        let late = emulator.send()
        #expect(late.status == 202)
        #expect(late.response.delay == .milliseconds(1500))
        #expect(emulator.send().response.delay == .zero)
        _ = emulator.control("POST", "fault", #"{"status":500,"latencyMs":300,"count":1}"#)
        let lateFailure = emulator.send()
        #expect(lateFailure.status == 500 && lateFailure.response.delay == .milliseconds(300))
    }

    @Test("stall holds the connection, close drops it; neither records a message")
    func stallAndClose() {
        let emulator = makeEmulator()
        _ = emulator.control("POST", "fault", #"{"mode":"stall","stallMs":20000,"count":1}"#)
        #expect(emulator.send().response.action == .stall(seconds: 20))
        _ = emulator.control("POST", "fault", #"{"mode":"close","count":1}"#)
        #expect(emulator.send().response.action == .close)
        #expect(emulator.send().status == 202)
        #expect(emulator.messages().count == 1)
        #expect(emulator.stats()["faulted"] == 2)
    }

    @Test("A fault the emulator cannot apply is refused and changes nothing", arguments: [
        "[]", "{}", #"{"status":200}"#, #"{"status":503,"count":0}"#, #"{"mode":"sideways"}"#,
        #"{"latencyMs":-1}"#, #"{"status":503,"endpoint":"calls"}"#, #"{"status":503,"colour":"red"}"#,
    ])
    func invalid(body: String) {
        let emulator = makeEmulator()
        let answer = emulator.control("POST", "fault", body)
        #expect(answer.status == 400)
        #expect(answer.json["error"]?.stringValue?.isEmpty == false)
        #expect(emulator.control("GET", "fault").json["fault"] == .null)
        #expect(emulator.send().status == 202)
    }

    @Test("GET fault shows what is in force and how many calls remain")
    func show() {
        let emulator = makeEmulator()
        _ = emulator.control("POST", "fault", #"{"status":503,"count":2,"endpoint":"messages"}"#)
        _ = emulator.send()
        let fault = emulator.control("GET", "fault").json["fault"]
        #expect(fault?["status"] == 503)
        #expect(fault?["remaining"] == 1)
        #expect(fault?["endpoint"] == "messages")
    }
}
