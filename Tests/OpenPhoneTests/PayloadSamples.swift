/// Webhook bodies shaped like the examples in the OpenPhone reference (shared/reference/openphone.md).
enum PayloadSamples {
    /// Legacy, API-created webhook (apiVersion v4): `text`, `to` as an array.
    static let legacyV4 = bytes("""
        {"id":"EVc67ec998b35c41d388af50799aeeba3e","object":"event","createdAt":"2022-01-24T19:22:25.427Z",\
        "apiVersion":"v4","type":"message.received","data":{"object":{"id":"AC24a8b8321c4f4cf2be110f4250793d51",\
        "object":"message","from":"+19876543210","to":["+15555555555"],"direction":"incoming","text":"Hello",\
        "status":"delivered","createdAt":"2022-01-24T19:22:25.121Z","userId":"US123abc","phoneNumberId":"PN123abc",\
        "contactIds":["CT1"]}}}
        """)

    /// Legacy, app-created webhook (apiVersion v2): `body`, a single `to`, media, a conversation id.
    static let legacyV2 = bytes("""
        {"id":"EVd39d3c8d6f244d21a9131de4fc9350d0","object":"event","createdAt":"2022-01-23T16:55:52.557Z",\
        "apiVersion":"v2","type":"message.received","data":{"object":{"id":"ACd3b5d1cb0e8a4a4a9ab6a7ea4fb3b4b2",\
        "object":"message","from":"+14165550100","to":"+15555555555","body":"",\
        "media":[{"url":"https://storage.openphone.example/a.jpg","type":"image/jpeg"},{"type":"broken"}],\
        "createdAt":"2022-01-23T16:55:52.101Z","userId":null,"phoneNumberId":"PN123abc",\
        "conversationId":"CN123abc","direction":"incoming","status":"received"}}}
        """)

    /// New webhook (API version 2026-03-30): resource + context.
    static let standard = bytes("""
        {"id":"EV2b4e","apiVersion":"2026-03-30","createdAt":"2026-04-01T12:00:00Z","type":"message.delivered",\
        "data":{"resource":{"id":"AC9f","direction":"outgoing","text":"Your order shipped","status":"delivered",\
        "createdAt":"2026-04-01T11:59:59.5Z"},"context":{"phoneNumberId":"PN1","conversationId":"CN1","userId":"US1",\
        "contacts":{"ids":["CT1"],"lookupStatus":"matched"},"senderIdentifier":"+15555555555",\
        "recipientIdentifiers":["+14165550100","+14165550101"]},"links":{"self":"https://api.example/v1/messages/AC9f"}}}
        """)
}
