import Testing
@testable import OpenPhone

@Suite("Standard Webhooks verification")
struct StandardSignatureTests {
    typealias V = SignatureVectors

    func fields(_ signature: String, timestamp: String = "1699999990", id: String = V.standardID) -> [String: String] {
        ["webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature]
    }

    func verify(_ fields: [String: String], body: [UInt8] = V.body) throws(WebhookSignatureError) -> VerifiedScheme {
        try V.verifier.verify(headers: headers(fields), rawBody: body, now: V.now)
    }

    func kind(_ fields: [String: String], body: [UInt8] = V.body) -> WebhookSignatureError.Kind? {
        do {
            _ = try verify(fields, body: body)
            return nil
        } catch {
            return error.kind
        }
    }

    /// The test vector published by the Standard Webhooks project (standard-webhooks/standard-webhooks),
    /// re-checked with Python:
    /// `base64.b64encode(hmac.new(base64.b64decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
    ///  b'msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}', hashlib.sha256).digest())`.
    @Test func matchesTheStandardWebhooksVector() throws {
        let verifier = WebhookVerifier(secret: try WebhookSecret(configured: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let scheme = try verifier.verify(
            headers: headers(["webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330",
                              "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="]),
            rawBody: bytes(#"{"test": 2432232314}"#), now: 1_614_265_330)
        #expect(scheme == .standard)
    }

    @Test func acceptsAValidSignature() throws {
        #expect(try verify(fields("v1,\(V.standard)")) == .standard)
    }

    @Test func aWhsecSecretAndItsPlainFormVerifyAlike() throws {
        let verifier = WebhookVerifier(secret: try WebhookSecret(configured: "whsec_" + V.secretBase64))
        #expect(try verifier.verify(headers: headers(fields("v1,\(V.standard)")), rawBody: V.body, now: V.now)
            == .standard)
        #expect(try verifier.verify(headers: headers(["openphone-signature": "hmac;1;1699999990000;\(V.legacyMilliseconds)"]),
                                    rawBody: V.body, now: V.now) == .legacy)
    }

    @Test func rejectsForgeriesAndOtherKeys() {
        #expect(kind(fields("v1,\(V.standard)"), body: V.forgedBody) == .noMatchingSignature)
        #expect(kind(fields("v1,\(V.standardWrongKey)")) == .noMatchingSignature)
        #expect(kind(fields("v1,\(V.standard)", id: "msg_other")) == .noMatchingSignature)
    }

    @Test func acceptsAnyV1EntryAndIgnoresOtherVersions() throws {
        #expect(try verify(fields("v1,\(V.standardWrongKey) v1,\(V.standard)")) == .standard)
        #expect(try verify(fields("v2,\(V.standardWrongKey) v1,\(V.standard)")) == .standard)
        #expect(try verify(fields("v1,\(V.standard) v2,@@not-even-base64@@")) == .standard)
        #expect(kind(fields("v2,\(V.standard)")) == .malformedHeader)  // no v1 entry at all
    }

    @Test func rejectsTimestampsMoreThanFiveMinutesAway() {
        #expect(kind(fields("v1,\(V.standard301Old)", timestamp: "1699999699")) == .timestampOutOfTolerance)
        #expect(kind(fields("v1,\(V.standard301Ahead)", timestamp: "1700000301")) == .timestampOutOfTolerance)
    }

    @Test(arguments: [
        ["webhook-timestamp": "1699999990", "webhook-signature": "v1,\(SignatureVectors.standard)"],  // no id
        ["webhook-id": SignatureVectors.standardID, "webhook-signature": "v1,\(SignatureVectors.standard)"],  // no time
        ["webhook-id": SignatureVectors.standardID, "webhook-timestamp": "1699999990.5",
         "webhook-signature": "v1,\(SignatureVectors.standard)"],
        ["webhook-id": SignatureVectors.standardID, "webhook-timestamp": "soon",
         "webhook-signature": "v1,\(SignatureVectors.standard)"],
        ["webhook-id": SignatureVectors.standardID, "webhook-timestamp": "1699999990",
         "webhook-signature": "v1,not*base64"],
        ["webhook-id": SignatureVectors.standardID, "webhook-timestamp": "1699999990", "webhook-signature": "v1,"],
        ["webhook-id": SignatureVectors.standardID, "webhook-timestamp": "1699999990",
         "webhook-signature": SignatureVectors.standard],  // no version
    ])
    func rejectsMalformedHeaders(fields: [String: String]) {
        #expect(kind(fields) == .malformedHeader)
    }

    @Test func standardHeadersTakePrecedenceOverTheLegacyOne() {
        var both = fields("v1,\(V.standardWrongKey)")
        both["openphone-signature"] = "hmac;1;1699999990000;\(V.legacyMilliseconds)"
        #expect(kind(both) == .noMatchingSignature)  // the valid legacy signature is not a fallback
        both["webhook-signature"] = "v1,\(V.standard)"
        #expect((try? verify(both)) == .standard)
    }

    @Test func idAndTimestampWithoutASignatureAreMissingASignature() {
        #expect(kind(["webhook-id": V.standardID, "webhook-timestamp": "1699999990"]) == .missingSignature)
    }

    @Test func aCustomToleranceApplies() throws {
        let strict = WebhookVerifier(secret: V.secret, tolerance: .seconds(5))
        #expect(throws: WebhookSignatureError.self) {
            try strict.verify(headers: headers(fields("v1,\(V.standard)")), rawBody: V.body, now: V.now)
        }
        #expect(try strict.verify(headers: headers(fields("v1,\(V.standard)")), rawBody: V.body, now: 1_699_999_994)
            == .standard)
    }
}
