/// A path to a boot file, relative to the boot tree (TFTP root, or `/files/` on the HTTP server).
///
/// It is written unquoted into pxelinux `KERNEL`/`APPEND` lines and into URLs, so the alphabet is
/// kept small: no spaces, no `%`, no backslashes, and no `..` or `.` component that could leave the tree.
public struct BootPath: Codable, Hashable, Sendable, CustomStringConvertible {
    public let value: String

    static let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-+~@,=")

    public init(_ text: String) throws(RuleViolation) {
        let rule = "(a path relative to the boot tree: components of letters, digits and ._-+~@,= joined by /, no '..', no leading /)"
        guard !text.isEmpty else { throw RuleViolation("is empty \(rule)") }
        guard !text.hasPrefix("/") else { throw RuleViolation("is absolute \(rule)") }
        for component in text.split(separator: "/", omittingEmptySubsequences: false) {
            guard !component.isEmpty else { throw RuleViolation("has an empty component \(rule)") }
            guard component != "..", component != "." else { throw RuleViolation("leaves the boot tree \(rule)") }
            guard component.allSatisfy({ Self.allowed.contains($0) }) else {
                throw RuleViolation("has a character outside the allowed set \(rule)")
            }
        }
        value = text
    }

    public var description: String { value }
}
