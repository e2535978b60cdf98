import Testing
@testable import OpenPhone

@Suite("The id and type of a body that does not parse as an event")
struct WebhookEventLabelsTests {
    @Test func anUnknownShapeStillNamesItsEvent() {
        let labels = WebhookEventLabels(bytes(#"{"id":"EV1","type":"message.received","data":7}"#))
        #expect(labels.id == "EV1" && labels.type == "message.received")
    }

    @Test(arguments: [#"{"id":42,"type":["x"]}"#, #"{"id":"","type":null}"#, "[1,2]", "{not json", "\u{FEFF}"])
    func whatIsNotANonEmptyStringIsNil(body: String) {
        let labels = WebhookEventLabels(bytes(body))
        #expect(labels.id == nil && labels.type == nil)
    }

    @Test func bytesThatAreNotUTF8GiveNothing() {
        let labels = WebhookEventLabels([0xff, 0xfe, 0x7b])
        #expect(labels == WebhookEventLabels([]))
        #expect(labels.id == nil)
    }
}
