/// A document libxml2 refused, or an operation it failed, with the place when it has one.
public struct XMLError: Error, Sendable, CustomStringConvertible {
    /// The document's name as given by the caller (a file path, usually).
    public let document: String
    public let line: Int?
    public let column: Int?
    public let message: String

    public init(document: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.document = document
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var place = document
        if let line { place += ":\(line)" }
        if let column, line != nil { place += ":\(column)" }
        return "\(place): \(message)"
    }
}
