@testable import OpenPhone

/// Bytes from hex text, for RFC test vectors: `hex("0b0b")`.
func hex(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var iterator = Array(text.utf8).makeIterator()
    while let high = iterator.next(), let low = iterator.next() {
        bytes.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)!)
    }
    return bytes
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// A header lookup over literal pairs, as the responder builds one from FastCGI parameters.
func headers(_ pairs: [String: String]) -> (String) -> String? { { pairs[$0] } }
