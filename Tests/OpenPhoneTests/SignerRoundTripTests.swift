import Testing
@testable import OpenPhone

@Suite("WebhookSigner → WebhookVerifier")
struct SignerRoundTripTests {
    typealias V = SignatureVectors

    @Test func producesTheIndependentVectors() throws {
        let signer = WebhookSigner(secret: V.secret)
        let legacy = try signer.legacyHeaders(body: V.body, timestampMilliseconds: 1_699_999_990_000)
        #expect(legacy["openphone-signature"] == "hmac;1;1699999990000;\(V.legacyMilliseconds)")
        let standard = try signer.standardHeaders(body: V.body, id: V.standardID, timestampSeconds: 1_699_999_990)
        #expect(standard.fields.map(\.name) == ["webhook-id", "webhook-timestamp", "webhook-signature"])
        #expect(standard["webhook-signature"] == "v1,\(V.standard)")
    }

    @Test(arguments: [0, 1, 2, 1000, 70_000])
    func roundTripsBothSchemes(bodyLength: Int) throws {
        let secret = try WebhookSecret(key: (0..<32).map { UInt8($0 * 7 & 0xff) })
        let signer = WebhookSigner(secret: secret)
        let verifier = WebhookVerifier(secret: secret)
        let body = (0..<bodyLength).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let now: Int64 = 1_750_000_000

        let legacy = try signer.legacyHeaders(body: body, timestampMilliseconds: now * 1000 + 123)
        #expect(try verifier.verify(headers: { legacy[$0] }, rawBody: body, now: now) == .legacy)
        let standard = try signer.standardHeaders(body: body, id: "msg_\(bodyLength)", timestampSeconds: now)
        #expect(try verifier.verify(headers: { standard[$0] }, rawBody: body, now: now) == .standard)

        let other = WebhookVerifier(secret: try WebhookSecret(key: [UInt8](repeating: 1, count: 32)))
        #expect(throws: WebhookSignatureError.noMatchingSignature) {
            try other.verify(headers: { standard[$0] }, rawBody: body, now: now)
        }
        #expect(throws: WebhookSignatureError.self) {
            try verifier.verify(headers: { legacy[$0] }, rawBody: body, now: now + 301)
        }
    }
}
