/// Folder paths from the site section: relative to the fleet file's folder, or absolute.
public enum SitePath {
    /// Resolves `text` against `directory` (absolute). Refuses `..` components and control characters,
    /// so a fleet file cannot aim a root outside what it spells out; give an absolute path to go elsewhere.
    public static func resolve(_ text: String, relativeTo directory: String) throws(RuleViolation) -> String {
        let rule = "(a folder relative to the fleet file, or absolute; no '..' components)"
        guard !text.isEmpty else { throw RuleViolation("is empty \(rule)") }
        guard !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw RuleViolation("contains a control character \(rule)")
        }
        let components = text.split(separator: "/")
        guard !components.contains("..") else { throw RuleViolation("leaves its folder with '..' \(rule)") }
        let kept = components.filter { $0 != "." }.joined(separator: "/")
        if text.hasPrefix("/") { return "/" + kept }
        return join(directory, kept)
    }

    public static func join(_ directory: String, _ relative: String) -> String {
        if relative.isEmpty { return directory }
        return directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
    }
}

/// `\\server\share[\dir…]`, the way WinPE's `net use` names the deployment share.
public enum UNCPath {
    static let forbidden = Set("/:*?\"<>|")

    public static func check(_ text: String) throws(RuleViolation) {
        let rule = "is not a UNC path (expected \\\\server\\share or \\\\server\\share\\folder)"
        guard text.hasPrefix("\\\\") else { throw RuleViolation(rule) }
        let parts = text.dropFirst(2).split(separator: "\\", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty }) else { throw RuleViolation(rule) }
        for part in parts {
            guard !part.contains(where: { forbidden.contains($0) || ($0.asciiValue ?? 0x20) < 0x20 || $0 == "%" }) else {
                throw RuleViolation("\(rule); it contains a character Windows refuses in a share path")
            }
        }
    }
}
