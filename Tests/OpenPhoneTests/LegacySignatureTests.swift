import Crypto
import Testing
@testable import OpenPhone

@Suite("Legacy openphone-signature verification")
struct LegacySignatureTests {
    typealias V = SignatureVectors

    func verify(_ signature: String?, body: [UInt8] = V.body) throws(WebhookSignatureError) -> VerifiedScheme {
        let fields = signature.map { ["openphone-signature": $0] } ?? [:]
        return try V.verifier.verify(headers: headers(fields), rawBody: body, now: V.now)
    }

    func kind(_ signature: String?, body: [UInt8] = V.body) -> WebhookSignatureError.Kind? {
        do {
            _ = try verify(signature, body: body)
            return nil
        } catch {
            return error.kind
        }
    }

    @Test func acceptsAMillisecondTimestamp() throws {
        #expect(try verify("hmac;1;1699999990000;\(V.legacyMilliseconds)") == .legacy)
    }

    @Test func acceptsASecondTimestamp() throws {
        #expect(try verify("hmac;1;1699999990;\(V.legacySeconds)") == .legacy)
    }

    @Test func theTimestampIsSignedAsWritten() {
        // The seconds signature does not verify under the same instant written in milliseconds.
        #expect(kind("hmac;1;1699999990000;\(V.legacySeconds)") == .noMatchingSignature)
    }

    @Test func rejectsABodyWithOneByteChanged() {
        #expect(kind("hmac;1;1699999990000;\(V.legacyMilliseconds)", body: V.forgedBody) == .noMatchingSignature)
    }

    @Test func rejectsASignatureMadeWithAnotherKey() {
        #expect(kind("hmac;1;1699999990000;\(V.legacyWrongKey)") == .noMatchingSignature)
    }

    @Test func rejectsAMissingOrEmptyHeader() {
        #expect(kind(nil) == .missingSignature)
        #expect(kind("") == .missingSignature)
        #expect(kind("  ") == .missingSignature)
    }

    @Test(arguments: [
        "sha256;1;1699999990000;\(SignatureVectors.legacyMilliseconds)",  // wrong scheme
        "hmac;2;1699999990000;\(SignatureVectors.legacyMilliseconds)",    // wrong version
        "hmac;1;\(SignatureVectors.legacyMilliseconds)",                   // missing timestamp
        "hmac;1;1699999990000",                                            // missing signature
        "hmac;1;1699999990000;",                                           // empty signature
        "hmac;1;;\(SignatureVectors.legacyMilliseconds)",                  // empty timestamp
        "hmac;1;16999x9990000;\(SignatureVectors.legacyMilliseconds)",     // non-numeric timestamp
        "hmac;1;-1699999990;\(SignatureVectors.legacySeconds)",            // signed timestamp
        "hmac;1;1699999990000;not*base64",                                 // bad base64
        "hmac;1;1699999990000;\(SignatureVectors.legacyMilliseconds);x",   // a fifth field
        ",hmac;1;1699999990000;\(SignatureVectors.legacyMilliseconds)",    // an empty list element
        "\(SignatureVectors.legacyMilliseconds)",                          // a bare signature
    ])
    func rejectsMalformedHeaders(header: String) {
        #expect(kind(header) == .malformedHeader)
    }

    @Test func rejectsTimestampsMoreThanFiveMinutesAway() {
        #expect(kind("hmac;1;1699999699;\(V.legacy301Old)") == .timestampOutOfTolerance)
        #expect(kind("hmac;1;1700000301;\(V.legacy301Ahead)") == .timestampOutOfTolerance)
        #expect(kind("hmac;1;1699999699000;\(V.legacy301Old)") != nil)
        #expect((try? verify("hmac;1;1699999700;\(V.legacy300Old)")) == .legacy)  // exactly 300 s: accepted
    }

    @Test func acceptsAnyMatchingSignatureInAList() throws {
        #expect(try verify("hmac;1;1699999990000;\(V.legacyWrongKey),hmac;1;1699999990000;\(V.legacyMilliseconds)")
            == .legacy)
        #expect(try verify("hmac;1;1699999990000;\(V.legacyWrongKey), hmac;1;1699999990;\(V.legacySeconds)")
            == .legacy)
        // A bare second signature shares the first entry's timestamp.
        #expect(try verify("hmac;1;1699999990000;\(V.legacyWrongKey),\(V.legacyMilliseconds)") == .legacy)
        #expect(kind("hmac;1;1699999990000;\(V.legacyWrongKey),hmac;1;1699999990000;\(V.legacyWrongKey)")
            == .noMatchingSignature)
    }

    @Test func aStaleEntryDoesNotSinkAFreshOne() throws {
        #expect(try verify("hmac;1;1699999699;\(V.legacy301Old),hmac;1;1699999990;\(V.legacySeconds)") == .legacy)
    }

    @Test func rejectsSignaturesOfTheWrongLength() {
        #expect(kind("hmac;1;1699999990000;\(Base64.encode([UInt8](repeating: 1, count: 16)))") == .noMatchingSignature)
    }

    @Test func errorsNeverEchoTheSignature() {
        for header in ["hmac;1;1699999990000;\(V.legacyWrongKey)", "hmac;9;1699999990000;\(V.legacyWrongKey)",
                       "hmac;1;1699999699;\(V.legacy301Old)"]
        {
            do {
                _ = try verify(header)
                Issue.record("accepted \(header)")
            } catch {
                #expect(!error.message.contains(V.legacyWrongKey) && !error.message.contains(V.legacy301Old))
                #expect(!error.message.contains(V.secretBase64))
            }
        }
    }

    @Test func codesAreStable() {
        #expect(WebhookSignatureError.missingSignature.code == "missing_signature")
        #expect(WebhookSignatureError.noMatchingSignature.code == "signature_mismatch")
        #expect(WebhookSignatureError.Kind.malformedHeader.rawValue == "malformed_signature_header")
        #expect(WebhookSignatureError.Kind.timestampOutOfTolerance.rawValue == "timestamp_out_of_tolerance")
    }
}

@Suite("Signature header bounds")
struct SignatureHeaderBoundsTests {
    @Test func tooManySignaturesAreMalformed() {
        let entry = "hmac;1;1699999990000;\(SignatureVectors.legacyWrongKey)"
        let many = Array(repeating: entry, count: 17).joined(separator: ",")
        #expect(LegacySignatureTests().kind(many) == .malformedHeader)
        let manyV1 = Array(repeating: "v1,\(SignatureVectors.standardWrongKey)", count: 17).joined(separator: " ")
        do {
            _ = try SignatureVectors.verifier.verify(
                headers: headers(["webhook-id": "msg_1", "webhook-timestamp": "1699999990", "webhook-signature": manyV1]),
                rawBody: SignatureVectors.body, now: SignatureVectors.now)
            Issue.record("accepted 17 signatures")
        } catch {
            #expect(error.kind == .malformedHeader)
        }
    }
}
