import HubSpot
import PhoneNumbers

/// What naming conversations needs from the HubSpot core: answers for several numbers at once,
/// within a time budget and a number of HubSpot requests. Implemented over the shared cache and
/// the batch lookup (``HubSpotNumberDirectory``); tests substitute their own.
public protocol NumberDirectory: Sendable {
    /// Answers by E.164. Numbers missing from the result were not tried (budget spent).
    func answers(for numbers: [PhoneNumber], budget: Duration, maxRequests: Int) -> [String: NumberAnswer]
}

/// One number's answer.
public enum NumberAnswer: Sendable, Equatable {
    /// HubSpot has a contact with this number (`name` nil when the contact has none;
    /// `companyID` its associated company, when it has one).
    case found(name: String?, company: String?, contactID: String, companyID: String? = nil, fromCache: Bool)
    /// HubSpot has no contact with this number (a complete answer, not an error).
    case notFound(fromCache: Bool)
    /// HubSpot could not answer; says nothing about the number.
    case unavailable(HubSpotError)
}
