/// What every responder reports about itself (health, `--version`).
public enum BuildInfo {
    public static let product = "hubspot-fcgi"
    public static let version = "0.1.0"
}
