/// Whether bytes hold one complete JSON object: balanced braces outside strings.
enum JSONCompleteness {
    static func isComplete(_ bytes: [UInt8]) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        var started = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"): depth += 1; started = true
            case UInt8(ascii: "}"): depth -= 1
            default: break
            }
            if started && depth == 0 { return true }
        }
        return false
    }
}
