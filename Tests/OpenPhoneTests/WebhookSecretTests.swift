import Crypto
import Testing
@testable import OpenPhone

@Suite("The configured webhook secret")
struct WebhookSecretTests {
    @Test func plainBase64IsALegacySecret() throws {
        let secret = try WebhookSecret(configured: SignatureVectors.secretBase64)
        #expect(secret.format == .legacy)
        #expect(secret.key == SignatureVectors.key)
    }

    @Test func whsecPrefixedIsAStandardSecretWithTheSameKey() throws {
        let secret = try WebhookSecret(configured: "whsec_" + SignatureVectors.secretBase64)
        #expect(secret.format == .standard)
        #expect(secret.key == SignatureVectors.key)
    }

    @Test func surroundingWhitespaceFromASecretsFileIsIgnored() throws {
        let secret = try WebhookSecret(configured: "  whsec_\(SignatureVectors.secretBase64)\n")
        #expect(secret.key == SignatureVectors.key)
    }

    @Test func unpaddedBase64IsAccepted() throws {
        let unpadded = String(SignatureVectors.secretBase64.prefix { $0 != "=" })
        #expect(try WebhookSecret(configured: unpadded).key == SignatureVectors.key)
    }

    @Test(arguments: ["", "   ", "whsec_", "\n"])
    func emptyIsAConfigurationError(text: String) {
        #expect(throws: WebhookSecretError.empty) { try WebhookSecret(configured: text) }
    }

    @Test(arguments: ["not base64!", "whsec_abc$", "whsec_" + "-_-_", "c2VjcmV0 LWtleQ=="])
    func notBase64IsAConfigurationError(text: String) {
        #expect(throws: WebhookSecretError.notBase64) { try WebhookSecret(configured: text) }
    }

    /// 1, 8 and 15 key bytes: a placeholder, a truncated copy, one byte short.
    @Test(arguments: [1, 8, WebhookSecret.minimumKeyBytes - 1])
    func aKeyTooShortToBeOpenPhonesIsAConfigurationError(length: Int) {
        let key = [UInt8](repeating: 0x5a, count: length)
        #expect(throws: WebhookSecretError.tooShort) { try WebhookSecret(configured: "whsec_" + Base64.encode(key)) }
        #expect(throws: WebhookSecretError.tooShort) { try WebhookSecret(configured: Base64.encode(key)) }
        #expect(throws: WebhookSecretError.tooShort) { try WebhookSecret(key: key) }
    }

    @Test func theShortestAcceptedKeyIs128Bits() throws {
        let key = [UInt8](repeating: 0x5a, count: 16)
        #expect(WebhookSecret.minimumKeyBytes == 16)
        #expect(try WebhookSecret(configured: "whsec_" + Base64.encode(key)).key == key)
        #expect(try WebhookSecret(configured: Base64.encode(key)).key == key)
    }

    @Test func theTooShortErrorNamesTheVariableNotTheValue() {
        do {
            _ = try WebhookSecret(configured: "whsec_aHVudGVyMg==")  // "hunter2"
            Issue.record("a 7-byte key was accepted")
        } catch {
            #expect(error.message.contains("OPENPHONE_WEBHOOK_SECRET"))
            #expect(!error.message.contains("aHVudGVyMg") && !error.message.contains("hunter2"))
        }
    }

    @Test func neverPrintsItsValue() throws {
        let secret = try WebhookSecret(configured: "whsec_" + SignatureVectors.secretBase64)
        #expect("\(secret)" == "[redacted]")
        #expect(String(reflecting: secret) == "[redacted]")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("c2Vj"))
        #expect(!dumped.contains("115"))  // nor the key bytes ("s" is 115)
        let verifier = WebhookVerifier(secret: secret)
        var dumpedVerifier = ""
        dump(verifier, to: &dumpedVerifier)
        #expect(!dumpedVerifier.contains("c2Vj") && !dumpedVerifier.contains("115"))
    }

    @Test func errorsDoNotEchoTheValue() {
        do {
            _ = try WebhookSecret(configured: "hunter2!")
        } catch {
            #expect(!error.description.contains("hunter2"))
        }
    }

    @Test func revealsTheConfiguredTextOnlyWhenAsked() throws {
        let text = "whsec_" + SignatureVectors.secretBase64
        #expect(try WebhookSecret(configured: text).revealConfiguredText() == text)
    }
}
