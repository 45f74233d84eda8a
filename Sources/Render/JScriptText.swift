/// The one way a value enters a JScript file: a double-quoted string literal with every character
/// outside printable ASCII, and `"` and `\`, written as an escape, so no value can end the literal
/// or depend on the code page Windows Script Host reads the file in.
enum JScriptText {
    static func literal(_ value: String) -> String {
        var out = "\""
        for unit in value.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x20...0x7E: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default:
                let hex = String(unit, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return out + "\""
    }
}
