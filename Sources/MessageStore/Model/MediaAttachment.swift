/// A picture or file attached to a message (OpenPhone's `media` entries).
public struct MediaAttachment: Sendable, Hashable {
    /// Where OpenPhone serves the file.
    public var url: String
    /// The MIME type, for example `"image/jpeg"`, when OpenPhone gives one.
    public var contentType: String?

    public init(url: String, contentType: String? = nil) {
        self.url = url
        self.contentType = contentType
    }
}
