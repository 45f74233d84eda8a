/// A value broke a rule. Carries only the rule; the caller knows the field and the value.
public struct RuleViolation: Error, Sendable, Equatable {
    /// Completes "'VALUE' …", e.g. "is not a MAC address (six hex octets such as 08:00:27:b2:40:3e)".
    public let rule: String

    public init(_ rule: String) {
        self.rule = rule
    }
}
