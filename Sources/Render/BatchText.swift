/// The one way a value enters a Windows batch file or command line: inside double quotes, where
/// cmd.exe takes `& | < > ( ) ^` and spaces literally. What quotes cannot protect is refused: `"`
/// (it would end the quoting), `%` (cmd expands it even inside quotes), `!` (expanded when delayed
/// expansion is on) and control characters (a newline starts a new command).
public enum BatchText {
    public struct Unsafe: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public static func quoted(_ value: String, what: String) throws(Unsafe) -> String {
        if let bad = value.unicodeScalars.first(where: { $0 == "\"" || $0 == "%" || $0 == "!" || $0.value < 0x20 || $0.value == 0x7F }) {
            let shown = bad.value < 0x20 ? "a control character" : "'\(Character(bad))'"
            throw Unsafe(description: "\(what) contains \(shown), which cannot be made safe on a Windows command line")
        }
        return "\"\(value)\""
    }

    /// Jumps to `label` when the last command failed, whatever the sign of its exit code: `if
    /// errorlevel 1` means "1 or more", and DISM reports many failures as negative HRESULTs
    /// (0x800F081F is -2146498529), so a second test catches "below 0".
    public static func stopOnFailure(_ label: String) -> [String] {
        ["if errorlevel 1 goto \(label)", "if not errorlevel 0 goto \(label)"]
    }
}
