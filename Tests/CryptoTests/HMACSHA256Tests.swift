import Testing
@testable import Crypto
import TestSupport

@Suite("HMAC-SHA256 through libcrypto (RFC 4231)")
struct HMACSHA256Tests {
    // RFC 4231 §4.2–4.8 (test case 5 is truncated to 128 bits in the RFC; its full value was
    // checked with Python's hmac module), plus the empty key and message.
    static let vectors: [(key: [UInt8], data: [UInt8], mac: String)] = [
        ([UInt8](repeating: 0x0b, count: 20), bytes("Hi There"),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (bytes("Jefe"), bytes("what do ya want for nothing?"),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        ((1...25).map { UInt8($0) }, [UInt8](repeating: 0xcd, count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        ([UInt8](repeating: 0x0c, count: 20), bytes("Test With Truncation"),
         "a3b6167473100ee06e0c796c2955552bfa6f7c0a6a8aef8b93f860aab0cd20c5"),
        ([UInt8](repeating: 0xaa, count: 131), bytes("Test Using Larger Than Block-Size Key - Hash Key First"),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        ([UInt8](repeating: 0xaa, count: 131),
         bytes("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
        ([], [], "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"),
    ]

    @Test(arguments: vectors.indices)
    func matchesTheRFC(index: Int) {
        let vector = Self.vectors[index]
        #expect(HMACSHA256.authenticationCode(key: vector.key, message: vector.data) == hex(vector.mac))
    }

    @Test func comparesInConstantTimeOnlyEqualLengths() {
        let mac = hex(Self.vectors[0].mac)
        #expect(HMACSHA256.constantTimeEquals(mac, mac))
        var flipped = mac
        flipped[31] ^= 1
        #expect(!HMACSHA256.constantTimeEquals(mac, flipped))
        #expect(!HMACSHA256.constantTimeEquals(mac, Array(mac.prefix(16))))
        #expect(!HMACSHA256.constantTimeEquals(mac, mac + [0]))
        #expect(HMACSHA256.constantTimeEquals([], []))
    }
}
