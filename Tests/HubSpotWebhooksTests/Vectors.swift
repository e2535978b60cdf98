import Base
@testable import HubSpotWebhooks

/// Published HubSpot test vectors (HubSpot's Python/Ruby/Node/PHP SDK specs and the
/// validating-requests docs, each re-computed with openssl in /work/notes/hubspot-both-ways.md §5)
/// and our own fixtures computed from the documented recipe (H, I).
enum Vectors {
    /// The secret of every SDK vector (A–G).
    static let sdkSecret = HubSpotWebhookSecret("yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy")
    static let sdkURL = "https://www.example.com/webhook_uri"
    /// Single quotes: not JSON, which is fine, the signature covers raw bytes.
    static let sdkBody = bytes("{'example_field':'example_value'}")

    /// A, B (v3), from the Python and Ruby SDK specs.
    static let vectorA = (timestamp: "1693657560000", signature: "K36dawei4A+QBNolUOqo7s91KQDWQ5MXZ/QufNYuk/Y=")
    static let vectorB = (timestamp: "1700000300000", signature: "RnbPH7+UMKVkbV32P8bz450N4M56aPmcru1+D3kSDtw=")
    /// C (v1), Python and Ruby specs.
    static let vectorC = "69fc6631a867edd4f9e9e627fc5c1148e3fbdd8b21837b6d2b8901c1fa57f750"
    /// D (v2, POST), Python and Ruby specs.
    static let vectorD = "4fe4e3a7d3cf09db53be39d0a58130e2aaba074ec123a9e355b876a689a1c383"
    /// E (v1), the validating-requests docs and the Node/PHP tests.
    static let vectorEBody = bytes(#"[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]"#)
    static let vectorE = "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de"
    /// F (v2, GET, empty body), Node/PHP tests and the docs.
    static let vectorF = "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e"
    /// G (v2, POST, JSON body), Node/PHP tests.
    static let vectorGBody = bytes(#"{"example_field":"example_value"}"#)
    static let vectorG = "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900"

    /// Our fixtures (not HubSpot-published).
    static let secretText = "test-webhook-secret-0001"
    static let secret = HubSpotWebhookSecret(secretText)
    static let url = "https://inbox.example.com/api/webhooks/hubspot"
    static let body = bytes(#"[{"eventId":101,"subscriptionId":2001,"portalId":62515,"appId":54321,"occurredAt":1790000000000,"subscriptionType":"contact.propertyChange","attemptNumber":0,"objectId":123,"propertyName":"firstname","propertyValue":"Ana","changeSource":"CRM_UI","sourceId":"userId:9876"}]"#)
    static let timestampText = "1790000001000"
    static let timestamp = Timestamp(milliseconds: 1_790_000_001_000)
    static let v3 = "eU+kZC0LqX36lsGLPAlj+QbBs1NexyyMV5l3Iv7vkkw="
    static let v1 = "392e53ba049626d1a2d8fb60079210b48fa2b62815a001af6a0280046c823b6f"
    /// I: the URL as received and as signed, over the body `[]`.
    static let encodedURL = "https://inbox.example.com/api/webhooks/hubspot?src=hs%3Aapp%2Fv3&x=%28a%29"
    static let decodedURL = "https://inbox.example.com/api/webhooks/hubspot?src=hs:app/v3&x=(a)"
    static let vectorI = "oxNmIu6nJVdUYcnAS8W7TsEDUPtFLP8Tw2RbkQ2+VW8="
    static let vectorIUndecoded = "j4duzhzs+Lb6lhuyRIRGMwXMwjfDy+FrIgeanSN6p2w="
}
