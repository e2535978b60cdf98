import JSON
@testable import OpenPhoneEmulator
import TestSupport
import Testing

@Suite("Control paths: stats, messages, behaviour, inbound, reset")
struct ControlTests {
    @Test("messages lists what was sent, in order, with the webhook's state")
    func messagesInOrder() {
        let emulator = makeEmulator { $0.behaviour.deliveryDelay = .seconds(600) }
        let ids = ["one", "two", "three"].map { emulator.send(text: $0).json["data"]?["id"] }
        let listed = emulator.messages()
        #expect(listed.map { $0["id"] } == ids)
        #expect(listed.map { $0["text"] } == ["one", "two", "three"])
        #expect(listed.allSatisfy { $0["status"] == "queued" && $0["webhook"]?["state"] == "pending" })
        #expect(emulator.stats()["webhooks"]?["pending"] == 3)
        emulator.stop()
    }

    @Test("Without a webhook URL a message still becomes delivered after the delay, marked skipped")
    func statusWithoutWebhook() {
        let emulator = makeEmulator { $0.behaviour.deliveryDelay = .milliseconds(20) }
        _ = emulator.send()
        #expect(waitUntil(timeout: 10) { emulator.messages().first?["status"] == "delivered" })
        #expect(emulator.messages().first?["webhook"]?["state"] == "skipped")
        #expect(emulator.stats()["webhooks"]?["skipped"] == 1)
    }

    @Test("behaviour changes one setting at a time; a bad one changes nothing; DELETE restores")
    func behaviour() {
        let emulator = makeEmulator()
        let changed = emulator.control("POST", "behaviour", #"{"outcome":"failed","failureCode":"30003"}"#)
        #expect(changed.status == 200)
        #expect(changed.json["outcome"] == "failed")
        #expect(changed.json["failureCode"] == "30003")
        #expect(changed.json["deliveryDelayMs"] == 200)
        #expect(emulator.control("POST", "behaviour", #"{"outcome":"lost"}"#).status == 400)
        #expect(emulator.control("POST", "behaviour", #"{"deliveryDelayMs":5,"speed":1}"#).status == 400)
        #expect(emulator.control("GET", "behaviour").json["deliveryDelayMs"] == 200)
        #expect(emulator.control("DELETE", "behaviour").json["outcome"] == "delivered")
    }

    @Test("reset forgets messages, counters, the fault and the behaviour")
    func reset() {
        let emulator = makeEmulator()
        _ = emulator.send()
        _ = emulator.send(authorization: nil)
        _ = emulator.control("POST", "fault", #"{"status":503}"#)
        _ = emulator.control("POST", "behaviour", #"{"outcome":"failed"}"#)
        #expect(emulator.control("POST", "reset").status == 200)
        #expect(emulator.messages().isEmpty)
        #expect(emulator.stats()["sends"]?["accepted"] == 0)
        #expect(emulator.stats()["unauthorized"] == 0)
        #expect(emulator.control("GET", "fault").json["fault"] == .null)
        #expect(emulator.control("GET", "behaviour").json["outcome"] == "delivered")
        #expect(emulator.send().status == 202)
    }

    @Test("inbound needs a webhook URL and a valid customer and text")
    func inboundRefusals() {
        let emulator = makeEmulator()
        #expect(emulator.control("POST", "inbound", #"{"from":"+19025551234","text":"hi"}"#).status == 409)
        #expect(emulator.control("POST", "inbound", #"{"from":"902","text":"hi"}"#).status == 400)
        #expect(emulator.control("POST", "inbound", #"{"from":"+19025551234","text":""}"#).status == 400)
        #expect(emulator.control("POST", "inbound", #"{"from":"+19025551234","text":"hi","to":"PNx"}"#).status == 400)
        #expect(emulator.messages().isEmpty)
    }

    @Test("Control paths need no key; unknown ones 404, wrong methods 405")
    func routing() {
        let emulator = makeEmulator()
        #expect(emulator.control("GET", "stats").status == 200)
        #expect(emulator.control("GET", "nothing").status == 404)
        #expect(emulator.control("GET", "reset").status == 405)
        #expect(emulator.control("DELETE", "inbound").status == 405)
    }
}
