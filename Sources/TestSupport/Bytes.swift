/// Bytes from hex text, for test vectors: `hex("0b0b")` is `[0x0b, 0x0b]`.
public func hex(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var iterator = Array(text.utf8).makeIterator()
    while let high = iterator.next(), let low = iterator.next() {
        bytes.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)!)
    }
    return bytes
}

/// The UTF-8 bytes of `text`.
public func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
