import Crypto
import Testing
@testable import HubSpotWebhooks

@Suite("HubSpot signature recipes and published vectors")
struct SignatureVectorTests {
    typealias V = Vectors

    @Test func v3MatchesThePythonSDKVector() {
        #expect(HubSpotSignature.v3(secret: V.sdkSecret, method: "POST", url: V.sdkURL, body: V.sdkBody,
                                    timestamp: V.vectorA.timestamp) == V.vectorA.signature)
    }

    @Test func v3MatchesTheRubySDKVector() {
        #expect(HubSpotSignature.v3(secret: V.sdkSecret, method: "POST", url: V.sdkURL, body: V.sdkBody,
                                    timestamp: V.vectorB.timestamp) == V.vectorB.signature)
    }

    @Test func v1MatchesTheSDKVectors() {
        #expect(HubSpotSignature.v1(secret: V.sdkSecret, body: V.sdkBody) == V.vectorC)
        #expect(HubSpotSignature.v1(secret: V.sdkSecret, body: V.vectorEBody) == V.vectorE)
    }

    @Test func v2MatchesTheSDKVectors() {
        #expect(HubSpotSignature.v2(secret: V.sdkSecret, method: "POST", url: V.sdkURL, body: V.sdkBody) == V.vectorD)
        #expect(HubSpotSignature.v2(secret: V.sdkSecret, method: "GET", url: V.sdkURL, body: []) == V.vectorF)
        #expect(HubSpotSignature.v2(secret: V.sdkSecret, method: "POST", url: V.sdkURL, body: V.vectorGBody) == V.vectorG)
    }

    @Test func ourFixturesMatchTheDocumentedRecipe() {
        #expect(V.body.count == 272)
        #expect(HubSpotSignature.v3(secret: V.secret, method: "POST", url: V.url, body: V.body,
                                    timestamp: V.timestampText) == V.v3)
        #expect(HubSpotSignature.v1(secret: V.secret, body: V.body) == V.v1)
    }

    @Test func v3SignsTheURLWithTheListedEscapesDecoded() {
        let received = HubSpotSignature.v3(secret: V.secret, method: "POST", url: V.encodedURL, body: bytes("[]"),
                                           timestamp: V.timestampText)
        let decoded = HubSpotSignature.v3(secret: V.secret, method: "POST", url: V.decodedURL, body: bytes("[]"),
                                          timestamp: V.timestampText)
        #expect(received == V.vectorI)
        #expect(decoded == V.vectorI)
        // The same HMAC over the URL as received gives the other documented value: decoding matters.
        let raw = HMACSHA256.authenticationCode(key: bytes(V.secretText),
                                                message: bytes("POST" + V.encodedURL + "[]" + V.timestampText))
        #expect(raw.map(Base64.encode) == V.vectorIUndecoded)
    }

    @Test func v1AndV2AreLowercaseHexAndV3IsPaddedBase64() {
        let v1 = HubSpotSignature.v1(secret: V.secret, body: [])
        #expect(v1.count == 64 && v1.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(HubSpotSignature.v3(secret: V.secret, method: "POST", url: V.url, body: [], timestamp: "0").count == 44)
    }

    @Test(arguments: [
        ("%3A%2F%3F%40%21%24%27%28%29%2A%2C%3B", ":/?@!$'()*,;"),
        ("%3a%2f%3f%40%21%24%27%28%29%2a%2c%3b", ":/?@!$'()*,;"),
        // Everything not in HubSpot's table stays encoded.
        ("a%20b%26c%3Dd%25e%2Bf%23g%5B%5D", "a%20b%26c%3Dd%25e%2Bf%23g%5B%5D"),
        ("https://x.test/h?q=%2528", "https://x.test/h?q=%2528"),
        // Truncated or not-hex escapes are left alone.
        ("end%3", "end%3"), ("end%", "end%"), ("%G1%3", "%G1%3"), ("%%3A", "%:"),
        ("https://www.example.com/webhook_uri", "https://www.example.com/webhook_uri"),
        ("", ""),
        ("https://x.test/caf%C3%A9?n=%E2%82%AC", "https://x.test/caf%C3%A9?n=%E2%82%AC"),
    ])
    func normalizedURLDecodesExactlyTheListedEscapes(input: String, expected: String) {
        #expect(HubSpotSignature.normalizedURL(input) == expected)
        #expect(HubSpotSignature.normalizedURL(expected) == expected)
    }

    @Test func normalizedURLIsIdempotent() {
        #expect(HubSpotSignature.normalizedURL(V.encodedURL) == V.decodedURL)
        #expect(HubSpotSignature.normalizedURL(HubSpotSignature.normalizedURL(V.encodedURL)) == V.decodedURL)
    }
}
