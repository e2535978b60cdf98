import Base
import FastCGI
import HubSpot
import JSON
import PhoneNumbers
import SharedCache

/// `GET /api/contacts/lookup/{phone}` → `{"found":true,"contact":{…},"cache":"hit"}` or
/// `{"found":false,"contact":null,"cache":"miss"}`; 400 for text that is not a phone number; 503
/// with the reason when HubSpot cannot answer and nothing stale is cached. Answers are cached by
/// E.164 in the shared cache file. Every call leaves one audit line.
///
/// A number our libphonenumber metadata does not know but whose length is right for its country
/// (a range opened after the metadata was built) is still looked up, and the answer says so with
/// `"numberCheck":"possible"`; the member is absent for valid numbers. Text that is not even a
/// possible number stays a 400.
public struct LookupEndpoint: Sendable {
    public let services: HubSpotServices
    let rendered = RenderedContacts()

    public init(services: HubSpotServices) { self.services = services }

    public func register(in router: inout Router) {
        router.get("/api/contacts/lookup/{phone}") { routed in try handle(routed) }
    }

    func handle(_ routed: RoutedRequest) throws -> Response {
        let started = MonotonicTime.now()
        let raw = routed.capture("phone")
        let number: PhoneNumber
        do {
            number = try PhoneNumberMemo.shared.parse(raw, defaultRegion: services.configuration.defaultRegion,
                                                      accepting: .possible)
        } catch {
            record(routed, subject: ["inputLength": .int(Int64(raw.count))], result: "bad_request", since: started)
            throw HTTPError.invalidPhone(error, input: raw)
        }
        var subject: JSONObject = ["phone": .string(number.e164)]
        if number.check == .possible { subject["numberCheck"] = .string(number.check.rawValue) }
        let answer: ContactCache.Answer<LookupAnswer>
        do {
            answer = try services.cachedLookup(number)
        } catch {
            record(routed, subject: subject, result: error.code, since: started)
            throw error.httpError
        }
        subject["cache"] = .string(answer.source.rawValue)
        record(routed, subject: subject, result: answer.found ? "found" : "not_found", since: started)
        let contactJSON = answer.record.contact.map { rendered.json(of: $0, forPhone: number.e164) }
        return Response(headers: .noStore,
                        jsonBytes: Self.body(answer, check: number.check, contactJSON: contactJSON))
    }

    /// The answer as sent: `found`, `contact` (`contactJSON`, the record's contact rendered),
    /// `cache` and, for a merely possible number, `numberCheck`. The check belongs to the asking,
    /// not to the cached record that batch naming shares.
    static func body(_ answer: ContactCache.Answer<LookupAnswer>, check: NumberCheck, contactJSON: [UInt8]?) -> [UInt8] {
        var body = JSONObjectWriter()
        body.member("found", answer.found)
        body.member("contact", json: contactJSON)
        body.member("cache", answer.source.rawValue)
        if check != .valid { body.member("numberCheck", check.rawValue) }
        return body.finished()
    }

    private func record(_ routed: RoutedRequest, subject: JSONObject, result: String, since started: MonotonicTime) {
        services.audit.record(.init(endpoint: "lookup", user: routed.request.remoteUser,
                                    requestID: routed.request.requestID, subject: subject, result: result,
                                    latencyMilliseconds: MonotonicTime.now().seconds(since: started) * 1000))
    }
}

extension HTTPError {
    /// 400 for text that is not a usable phone number, saying what is wrong with it.
    public static func invalidPhone(_ error: PhoneNumberError, input: String) -> HTTPError {
        HTTPError(.badRequest, code: "invalid_phone", message: error.message(quoting: input),
                  details: ["reason": .string(error.code)])
    }
}
