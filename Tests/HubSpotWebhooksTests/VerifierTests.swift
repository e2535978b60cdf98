import Base
import Testing
@testable import HubSpotWebhooks

@Suite("HubSpot webhook verification")
struct VerifierTests {
    typealias V = Vectors

    static let v3Headers = [HubSpotWebhookHeader.signatureV3: V.v3, HubSpotWebhookHeader.timestamp: V.timestampText]
    static let v1Headers = [HubSpotWebhookHeader.signature: V.v1, HubSpotWebhookHeader.signatureVersion: "v1"]

    func verifier(url: String = V.url, acceptV1: Bool = false) -> HubSpotWebhookVerifier {
        HubSpotWebhookVerifier(secret: V.secret, publicURL: url, acceptV1: acceptV1)
    }

    func failure(_ verifier: HubSpotWebhookVerifier, method: String = "POST", body: [UInt8] = V.body,
                 _ fields: [String: String], now: Timestamp = V.timestamp) -> HubSpotSignatureError?
    {
        do {
            try verifier.verify(method: method, body: body, headers: headers(fields), now: now)
            return nil
        } catch {
            return error
        }
    }

    func code(_ verifier: HubSpotWebhookVerifier, method: String = "POST", body: [UInt8] = V.body,
              _ fields: [String: String], now: Timestamp = V.timestamp) -> String?
    {
        failure(verifier, method: method, body: body, fields, now: now)?.code
    }

    @Test func acceptsAValidV3Delivery() throws {
        let version = try verifier().verify(method: "POST", body: V.body, headers: headers(Self.v3Headers),
                                            now: V.timestamp)
        #expect(version == .v3)
    }

    @Test func acceptsTheSDKVectorsThroughTheVerifier() throws {
        let verifier = HubSpotWebhookVerifier(secret: V.sdkSecret, publicURL: V.sdkURL, acceptV1: true)
        for (timestamp, signature) in [V.vectorA, V.vectorB] {
            let fields = [HubSpotWebhookHeader.signatureV3: signature, HubSpotWebhookHeader.timestamp: timestamp]
            let now = Timestamp(milliseconds: Int64(timestamp)!)
            #expect(try verifier.verify(method: "POST", body: V.sdkBody, headers: headers(fields), now: now) == .v3)
        }
        let v1 = [HubSpotWebhookHeader.signature: V.vectorE, HubSpotWebhookHeader.signatureVersion: "v1"]
        #expect(try verifier.verify(method: "POST", body: V.vectorEBody, headers: headers(v1), now: V.timestamp) == .v1)
    }

    @Test func headerNamesAreCaseInsensitive() throws {
        let fields = ["x-hubspot-signature-V3": V.v3, "X-HUBSPOT-REQUEST-TIMESTAMP": V.timestampText]
        #expect(try verifier().verify(method: "POST", body: V.body, headers: headers(fields), now: V.timestamp) == .v3)
    }

    @Test func theConfiguredURLMayCarryAQueryInEitherEncoding() throws {
        let fields = [HubSpotWebhookHeader.signatureV3: V.vectorI, HubSpotWebhookHeader.timestamp: V.timestampText]
        for url in [V.encodedURL, V.decodedURL] {
            #expect(try verifier(url: url).verify(method: "POST", body: bytes("[]"), headers: headers(fields),
                                                  now: V.timestamp) == .v3)
        }
        let undecoded = [HubSpotWebhookHeader.signatureV3: V.vectorIUndecoded, HubSpotWebhookHeader.timestamp: V.timestampText]
        #expect(code(verifier(url: V.encodedURL), body: bytes("[]"), undecoded) == "signature_mismatch")
    }

    // MARK: Freshness: the bounds are inclusive, and the future counts too.

    @Test(arguments: [Int64(0), 1, 299_999, 300_000, -1, -300_000])
    func acceptsTimestampsWithinFiveMinutes(offset: Int64) {
        // `offset` is how far the clock is past the signed time (negative: the timestamp is ahead).
        let now = Timestamp(milliseconds: V.timestamp.milliseconds + offset)
        #expect(failure(verifier(), Self.v3Headers, now: now) == nil)
    }

    @Test(arguments: [Int64(300_001), 86_400_000, -300_001, -86_400_000])
    func rejectsTimestampsBeyondFiveMinutes(offset: Int64) {
        let now = Timestamp(milliseconds: V.timestamp.milliseconds + offset)
        let error = failure(verifier(), Self.v3Headers, now: now)
        #expect(error?.code == "timestamp_out_of_range")
        #expect(error?.message.contains(offset > 0 ? "in the past" : "in the future") == true)
    }

    @Test func theToleranceIsConfigurable() {
        let strict = HubSpotWebhookVerifier(secret: V.secret, publicURL: V.url, tolerance: .seconds(10), acceptV1: false)
        #expect(code(strict, Self.v3Headers, now: Timestamp(milliseconds: V.timestamp.milliseconds + 10_000)) == nil)
        #expect(code(strict, Self.v3Headers, now: Timestamp(milliseconds: V.timestamp.milliseconds + 10_001))
            == "timestamp_out_of_range")
    }

    @Test func aStaleDeliveryIsRejectedEvenWithAMatchingSignature() {
        // Replaying a captured delivery an hour later: the signature is genuine, the time is not.
        let later = Timestamp(milliseconds: V.timestamp.milliseconds + 3_600_000)
        #expect(code(verifier(acceptV1: true), Self.v3Headers.merging(Self.v1Headers) { a, _ in a }, now: later)
            == "timestamp_out_of_range")
    }

    // MARK: Tampering

    @Test func rejectsATamperedBody() {
        var body = V.body
        body[body.count - 10] ^= 0x01
        #expect(code(verifier(), body: body, Self.v3Headers) == "signature_mismatch")
        #expect(code(verifier(), body: V.body + [0x20], Self.v3Headers) == "signature_mismatch")
        #expect(code(verifier(), body: [], Self.v3Headers) == "signature_mismatch")
    }

    @Test(arguments: ["https://inbox.example.com/api/webhooks/hubspot/", "http://inbox.example.com/api/webhooks/hubspot",
                      "https://inbox.example.com/api/webhooks/hubspot?x=1", "https://other.example.com/api/webhooks/hubspot"])
    func rejectsADifferentURL(url: String) {
        #expect(code(verifier(url: url), Self.v3Headers) == "signature_mismatch")
    }

    @Test(arguments: ["PUT", "post", "GET", ""])
    func rejectsADifferentMethod(method: String) {
        #expect(code(verifier(), method: method, Self.v3Headers) == "signature_mismatch")
    }

    @Test func rejectsATamperedTimestamp() {
        // One millisecond later is still fresh, but it is not what was signed.
        let fields = [HubSpotWebhookHeader.signatureV3: V.v3, HubSpotWebhookHeader.timestamp: "1790000001001"]
        #expect(code(verifier(), fields) == "signature_mismatch")
        // The same instant written differently is different signed text.
        let padded = [HubSpotWebhookHeader.signatureV3: V.v3, HubSpotWebhookHeader.timestamp: "01790000001000"]
        #expect(code(verifier(), padded) == "signature_mismatch")
    }

    @Test func rejectsAnotherSecret() {
        let other = HubSpotWebhookVerifier(secret: HubSpotWebhookSecret("test-webhook-secret-0002"), publicURL: V.url,
                                           acceptV1: true)
        #expect(code(other, Self.v3Headers) == "signature_mismatch")
        #expect(code(other, Self.v1Headers) == "signature_mismatch")
    }

    @Test(arguments: ["", "not base64!", "eU+kZC0LqX36lsGLPAlj+QbBs1NexyyMV5l3Iv7vkk0=",
                      Vectors.v1])
    func rejectsAMalformedOrWrongV3Signature(signature: String) {
        let fields = [HubSpotWebhookHeader.signatureV3: signature, HubSpotWebhookHeader.timestamp: V.timestampText]
        // An empty header is no header.
        #expect(code(verifier(), fields) == (signature.isEmpty ? "signature_missing" : "signature_mismatch"))
    }

    @Test func surroundingSpacesInHeaderValuesAreIgnored() {
        let fields = [HubSpotWebhookHeader.signatureV3: " \(V.v3)\t", HubSpotWebhookHeader.timestamp: " \(V.timestampText) "]
        #expect(code(verifier(), fields) == nil)
    }

    // MARK: Missing and invalid headers

    @Test func rejectsADeliveryWithoutSignatures() {
        #expect(code(verifier(), [:]) == "signature_missing")
        #expect(code(verifier(acceptV1: true), [:]) == "signature_missing")
        #expect(code(verifier(), [HubSpotWebhookHeader.timestamp: V.timestampText]) == "signature_missing")
    }

    @Test(arguments: ["", "   ", "abc", "1790000001000.0", "-1790000001000", "+1790000001000", "1.79e12",
                      "17900000010000000000", "1790000001000 1790000001000"])
    func rejectsAMissingOrInvalidTimestamp(timestamp: String) {
        let fields = [HubSpotWebhookHeader.signatureV3: V.v3, HubSpotWebhookHeader.timestamp: timestamp]
        #expect(code(verifier(), fields) == "timestamp_invalid")
        #expect(code(verifier(), [HubSpotWebhookHeader.signatureV3: V.v3]) == "timestamp_invalid")
    }

    @Test func aTimestampInSecondsIsOutOfRange() {
        let fields = [HubSpotWebhookHeader.signatureV3: V.v3, HubSpotWebhookHeader.timestamp: "1790000001"]
        #expect(code(verifier(), fields) == "timestamp_out_of_range")
    }

    // MARK: v1 only when configured

    @Test func v1IsRefusedUnlessConfigured() throws {
        let error = failure(verifier(acceptV1: false), Self.v1Headers)
        #expect(error?.code == "signature_missing")
        #expect(error?.message.contains("not accepted") == true)
        #expect(try verifier(acceptV1: true).verify(method: "POST", body: V.body, headers: headers(Self.v1Headers),
                                                    now: V.timestamp) == .v1)
    }

    @Test func v1IsVerifiedOverTheBodyAlone() {
        // v1 signs neither method, URL nor time: they may change, the body may not.
        let verifier = self.verifier(url: "https://elsewhere.example/x", acceptV1: true)
        let anyTime = Timestamp(milliseconds: 0)
        #expect(code(verifier, method: "PUT", Self.v1Headers, now: anyTime) == nil)
        #expect(code(verifier, body: V.body + [0x20], Self.v1Headers) == "signature_mismatch")
    }

    @Test func v1AcceptsUppercaseHexAndAMissingVersion() {
        #expect(code(verifier(acceptV1: true), [HubSpotWebhookHeader.signature: V.v1.uppercased(),
                                                HubSpotWebhookHeader.signatureVersion: "V1"]) == nil)
        #expect(code(verifier(acceptV1: true), [HubSpotWebhookHeader.signature: V.v1]) == nil)
    }

    @Test func v1RejectsOtherVersionsAndWrongDigests() {
        let v2 = [HubSpotWebhookHeader.signature: HubSpotSignature.v2(secret: V.secret, method: "POST", url: V.url, body: V.body),
                  HubSpotWebhookHeader.signatureVersion: "v2"]
        #expect(code(verifier(acceptV1: true), v2) == "signature_missing")
        for signature in [String(V.v1.dropLast()), V.v1 + "0", String(repeating: "0", count: 64), V.v3] {
            let fields = [HubSpotWebhookHeader.signature: signature, HubSpotWebhookHeader.signatureVersion: "v1"]
            #expect(code(verifier(acceptV1: true), fields) == "signature_mismatch")
        }
    }

    @Test func v3IsPreferredWhenBothArePresent() throws {
        let both = Self.v3Headers.merging(Self.v1Headers) { a, _ in a }
        #expect(try verifier(acceptV1: true).verify(method: "POST", body: V.body, headers: headers(both),
                                                    now: V.timestamp) == .v3)
        // A wrong v3 is not rescued by a good v1.
        var badV3 = both
        badV3[HubSpotWebhookHeader.signatureV3] = V.vectorI
        #expect(code(verifier(acceptV1: true), badV3) == "signature_mismatch")
    }

    // MARK: Secrets stay secret

    @Test func errorsNeverContainTheSecretOrTheExpectedSignature() {
        let verifier = self.verifier(acceptV1: true)
        var tampered = V.body
        tampered[5] ^= 0x01
        let stale = Timestamp(milliseconds: V.timestamp.milliseconds + 400_000)
        let errors = [
            failure(verifier, body: tampered, Self.v3Headers),
            failure(verifier, body: tampered, Self.v1Headers),
            failure(verifier, Self.v3Headers, now: stale),
            failure(verifier, [HubSpotWebhookHeader.signatureV3: "AAAA", HubSpotWebhookHeader.timestamp: V.timestampText]),
            failure(verifier, [HubSpotWebhookHeader.signatureV3: V.v3, HubSpotWebhookHeader.timestamp: "x"]),
            failure(verifier, [HubSpotWebhookHeader.signature: "00", HubSpotWebhookHeader.signatureVersion: V.secretText]),
            failure(self.verifier(acceptV1: false), Self.v1Headers),
            failure(verifier, [:]),
        ]
        #expect(errors.allSatisfy { $0 != nil })
        let tamperedV3 = HubSpotSignature.v3(secret: V.secret, method: "POST", url: V.url, body: tampered,
                                             timestamp: V.timestampText)
        let tamperedV1 = HubSpotSignature.v1(secret: V.secret, body: tampered)
        for error in errors.compactMap({ $0 }) {
            for text in [error.message, error.description, "\(error)", String(reflecting: error)] {
                for forbidden in [V.secretText, tamperedV3, tamperedV1, V.v3, V.v1] {
                    #expect(!text.contains(forbidden), "\(error.code) leaks a secret or a signature")
                }
            }
        }
    }

    @Test func theSecretPrintsRedacted() {
        var dumped = ""
        dump(V.secret, to: &dumped)
        for text in ["\(V.secret)", String(reflecting: V.secret), dumped, "\(verifier())", String(reflecting: verifier())] {
            #expect(!text.contains(V.secretText))
        }
        #expect("\(V.secret)" == "[redacted]")
    }

    @Test func anEmptySecretVerifiesNothing() {
        let empty = HubSpotWebhookSecret("")
        let timestamp = V.timestampText
        let signature = HubSpotSignature.v3(secret: empty, method: "POST", url: V.url, body: V.body, timestamp: timestamp)
        let verifier = HubSpotWebhookVerifier(secret: empty, publicURL: V.url, acceptV1: true)
        let fields = [HubSpotWebhookHeader.signatureV3: signature, HubSpotWebhookHeader.timestamp: timestamp]
        #expect(code(verifier, fields) == "secret_not_configured")
        #expect(code(verifier, [HubSpotWebhookHeader.signature: HubSpotSignature.v1(secret: empty, body: V.body)])
            == "secret_not_configured")
    }

    @Test func theSecretIgnoresSurroundingWhitespace() {
        #expect(HubSpotWebhookSecret(" \(V.secretText)\n").key == V.secret.key)
        #expect(HubSpotWebhookSecret(" \n").isEmpty)
        #expect(!V.secret.isEmpty)
    }
}
