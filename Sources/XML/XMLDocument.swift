import CLibXML2
import Foundation

/// An XML document held by libxml2 (`xmlDocPtr`), freed exactly once when the last reference goes.
///
/// Not `Sendable`: a libxml2 document must stay on one thread. Parsing never touches the network
/// and never expands external entities.
public final class XMLDocument {
    let pointer: xmlDocPtr
    public let name: String

    /// Parses `bytes` (`xmlCtxtReadMemory`). Whitespace-only text between elements is dropped, so that
    /// serializing indents added elements like the rest; a document that is not well-formed is
    /// refused with libxml2's line, column and message.
    /// - Parameter encoding: the bytes' encoding; `nil` lets libxml2 tell UTF-8 from UTF-16 LE or BE
    ///   by the byte order mark, the first bytes and the XML declaration.
    public init(parsing bytes: [UInt8], name: String, encoding: String? = nil) throws(XMLError) {
        self.name = name
        guard let context = xmlNewParserCtxt() else { throw XMLError(document: name, message: "libxml2 could not allocate a parser") }
        defer { xmlFreeParserCtxt(context) }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        // The first error names the real mistake; later ones follow from it ("premature end of data").
        let first = FirstError()
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(first).toOpaque()) { box, error in
            guard let box, let error else { return }
            let first = Unmanaged<FirstError>.fromOpaque(box).takeUnretainedValue()
            if first.line == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue {
                first.line = Int(error.pointee.line)
                first.column = Int(error.pointee.int2)
                first.message = error.pointee.message.map { String(cString: $0).onOneLine() }
            }
        }
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlCtxtReadMemory(context, $0, Int32(buffer.count), name, encoding, options)
            }
        }
        guard let parsed, context.pointee.wellFormed != 0 else {
            if let parsed { xmlFreeDoc(parsed) }
            throw XMLError(document: name, line: first.line.flatMap { $0 > 0 ? $0 : nil }, column: first.column.flatMap { $0 > 0 ? $0 : nil },
                           message: "is not well-formed XML: \(first.message ?? "the parser stopped")")
        }
        pointer = parsed
    }

    /// Sets up libxml2's global state; before documents are parsed on several threads, the calling
    /// thread must have done this once (libxml2's own first-use setup is not safe to race).
    public static func prepareForThreads() {
        xmlInitParser()
    }

    private init(copying other: XMLDocument) throws(XMLError) {
        guard let copy = xmlCopyDoc(other.pointer, 1) else { throw XMLError(document: other.name, message: "libxml2 could not copy the document") }
        pointer = copy
        name = other.name
    }

    deinit {
        xmlFreeDoc(pointer)
    }

    /// A deep copy, to personalize without touching the original.
    public func copy() throws(XMLError) -> XMLDocument {
        try XMLDocument(copying: self)
    }

    public var root: XMLElement? {
        xmlDocGetRootElement(pointer).map { XMLElement(node: $0, document: self) }
    }

    /// UTF-8 with an XML declaration, indented two spaces per level (`xmlDocDumpFormatMemoryEnc`).
    public func serialized() -> [UInt8] {
        var memory: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        xmlDocDumpFormatMemoryEnc(pointer, &memory, &size, "UTF-8", 1)
        guard let memory else { return [] }
        defer { cxml_free(memory) }
        return Array(UnsafeBufferPointer(start: memory, count: Int(size)))
    }

    /// Canonical XML 1.0 (`xmlC14NDocDumpMemory`): equal for documents that mean the same.
    /// - Parameters:
    ///   - exclusive: Exclusive Canonical XML, where a namespace declaration appears only where it is used.
    ///   - comments: keep comments.
    public func canonical(exclusive: Bool = false, comments: Bool = false) -> [UInt8] {
        var memory: UnsafeMutablePointer<xmlChar>?
        let mode = exclusive ? XML_C14N_EXCLUSIVE_1_0 : XML_C14N_1_0
        let size = xmlC14NDocDumpMemory(pointer, nil, Int32(mode.rawValue), nil, comments ? 1 : 0, &memory)
        guard let memory, size >= 0 else { return [] }
        defer { cxml_free(memory) }
        return Array(UnsafeBufferPointer(start: memory, count: Int(size)))
    }

    /// The elements an XPath expression selects; `namespaces` maps the prefixes it uses to URIs.
    public func select(_ expression: String, namespaces: [String: String] = [:]) throws(XMLError) -> [XMLElement] {
        try select(expression, namespaces: namespaces, from: nil)
    }

    /// - Parameter node: the context node of a relative expression (`./x`); the document when `nil`.
    func select(_ expression: String, namespaces: [String: String], from node: xmlNodePtr?) throws(XMLError) -> [XMLElement] {
        guard let context = xmlXPathNewContext(pointer) else { throw XMLError(document: name, message: "libxml2 could not create an XPath context") }
        defer { xmlXPathFreeContext(context) }
        if let node { context.pointee.node = node }
        for (prefix, uri) in namespaces { xmlXPathRegisterNs(context, prefix, uri) }
        guard let result = xmlXPathEvalExpression(expression, context) else {
            throw XMLError(document: name, message: "the XPath expression '\(expression)' is not valid")
        }
        defer { xmlXPathFreeObject(result) }
        guard let set = result.pointee.nodesetval, set.pointee.nodeNr > 0 else { return [] }
        return (0..<Int(set.pointee.nodeNr)).compactMap { index in
            guard let node = set.pointee.nodeTab[index], node.pointee.type == XML_ELEMENT_NODE else { return nil }
            return XMLElement(node: node, document: self)
        }
    }
}

/// Where libxml2's error callback leaves the first error of a parse.
private final class FirstError {
    var line: Int?
    var column: Int?
    var message: String?
}

extension String {
    /// libxml2's message on one line: some carry a second (`Bytes: 0xE2 …`), and a message is one line.
    func onOneLine() -> String {
        split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "; ")
    }
}

/// libxml2's strings are `xmlChar` (unsigned char); Swift strings pass as `char *`.
func withXMLString<T>(_ text: String, _ body: (UnsafePointer<xmlChar>) -> T) -> T {
    text.withCString { $0.withMemoryRebound(to: xmlChar.self, capacity: text.utf8.count + 1, body) }
}
