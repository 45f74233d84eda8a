/// A kickstart template (Mustache, FORMATS.md §8) read once and checked before any host is rendered:
/// a syntax error names its line and column, and a variable outside `KickstartModel.names` is an
/// error at apply time rather than a blank line at install time. Values are never HTML-escaped.
public struct KickstartTemplate: Sendable {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    let program: TemplateProgram

    /// - Parameter name: the file, for messages.
    public init(text: String, name: String) throws(Failure) {
        try Self.checkNames(text, name: name)
        do throws(TemplateProgram.Failure) {
            program = try TemplateProgram(text)
        } catch {
            throw Failure(description: "\(name):\(error.line): \(error.message)")
        }
    }

    /// Text, not HTML: a `&` in a %post command stays a `&`.
    public func render(_ model: KickstartModel) -> String {
        program.render(model.values)
    }

    /// Every tag's name must be one the model defines; inside a section over a list, `.` is the item.
    static func checkNames(_ text: String, name: String) throws(Failure) {
        var lineNumber = 1
        var rest = Substring(text)
        var openLists = 0
        while let open = rest.range(of: "{{") {
            lineNumber += rest[..<open.lowerBound].filter { $0 == "\n" }.count
            let afterOpen = rest[open.upperBound...]
            let triple = afterOpen.hasPrefix("{")
            guard let close = afterOpen.range(of: triple ? "}}}" : "}}") else {
                throw Failure(description: "\(name):\(lineNumber): a tag opened with '{{' is never closed")
            }
            var tag = Substring(String(afterOpen[afterOpen.index(afterOpen.startIndex, offsetBy: triple ? 1 : 0)..<close.lowerBound]).trimmingSpaces())
            lineNumber += afterOpen[..<close.lowerBound].filter { $0 == "\n" }.count
            rest = afterOpen[close.upperBound...]
            let sigil = tag.first
            switch sigil {
            case "!", "%": continue
            case "=", ">", "<", "$":
                throw Failure(description: "\(name):\(lineNumber): '{{\(tag)}}' uses a Mustache feature ZeroTouch templates do not allow (delimiters, partials, blocks)")
            case "#", "^", "/", "&":
                tag = Substring(String(tag.dropFirst()).trimmingSpaces())
            default: break
            }
            let variable = String(tag)
            if variable == "." {
                guard openLists > 0 else { throw Failure(description: "\(name):\(lineNumber): '{{.}}' is only meaningful inside a list section such as {{#post}}") }
                continue
            }
            guard KickstartModel.names.contains(variable) else {
                throw Failure(description: "\(name):\(lineNumber): '\(variable)' is not a variable ZeroTouch provides (known: \(KickstartModel.names.sorted().joined(separator: ", ")))")
            }
            if KickstartModel.lists.contains(variable) {
                if sigil == "#" { openLists += 1 } else if sigil == "/" { openLists -= 1 }
            }
        }
    }
}
