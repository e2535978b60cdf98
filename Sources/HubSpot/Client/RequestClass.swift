/// Which of HubSpot's rate limits a request counts against. Each class has its own budget and
/// its own cool-down after a 429: a limit reached by one says nothing about the other.
public enum RequestClass: String, Sendable, CaseIterable {
    /// CRM searches: 5 per second per account, shared by every app on it (policy `SECONDLY`).
    case search
    /// Every other call — a company's name, a contact by id, a create, the connection check:
    /// 100–190 per 10 s per private app (`TEN_SECONDLY_ROLLING`), and a daily total (`DAILY`).
    case general
}
