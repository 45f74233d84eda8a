import CLibXML2

/// An element of an `XMLDocument`. Holds its document, so the element stays valid as long as it is
/// in use, except after `remove()`.
public struct XMLElement {
    let node: xmlNodePtr
    let document: XMLDocument

    init(node: xmlNodePtr, document: XMLDocument) {
        self.node = node
        self.document = document
    }

    /// The local name, without a prefix.
    public var name: String { String(cString: node.pointee.name) }

    public var namespaceURI: String? { node.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) } }

    /// The name of the parent element, `nil` at the root.
    public var parentName: String? {
        guard let parent = node.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return String(cString: parent.pointee.name)
    }

    /// The `pass` of the `settings` element this element is in, if any (for messages).
    public var parentPass: String? {
        var current = node.pointee.parent
        while let node = current, node.pointee.type == XML_ELEMENT_NODE {
            let element = XMLElement(node: node, document: document)
            if element.name == "settings" { return element.attribute("pass") }
            current = node.pointee.parent
        }
        return nil
    }

    /// The source line (`xmlGetLineNo`); 0 for elements added since parsing.
    public var line: Int { max(0, Int(xmlGetLineNo(node))) }

    /// Child elements, in document order.
    public var children: [XMLElement] {
        var result: [XMLElement] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(XMLElement(node: current, document: document)) }
            child = current.pointee.next
        }
        return result
    }

    public func child(_ name: String, namespace: String?) -> XMLElement? {
        children.first { $0.name == name && $0.namespaceURI == namespace }
    }

    /// The text content (`xmlNodeGetContent`), entities decoded.
    public var text: String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { cxml_free(content) }
        return String(cString: content)
    }

    /// Replaces the content with one text node. The value is raw text (`xmlNodeAddContent`), so
    /// `&`, `<` and quotes are escaped on output and can never become markup.
    public func setText(_ value: String) {
        xmlNodeSetContent(node, nil)
        withXMLString(value) { xmlNodeAddContent(node, $0) }
    }

    public func attribute(_ name: String, namespace: String? = nil) -> String? {
        let value = withXMLString(name) { attributeName in
            if let namespace {
                return withXMLString(namespace) { xmlGetNsProp(node, attributeName, $0) }
            }
            return xmlGetNoNsProp(node, attributeName)
        }
        guard let value else { return nil }
        defer { cxml_free(value) }
        return String(cString: value)
    }

    /// Sets an attribute (`xmlSetNsProp`; the value is stored as text and escaped on output). A
    /// namespaced attribute uses the prefix already declared for `namespace` in scope, or declares
    /// `prefix` for it on the document's root.
    public func setAttribute(_ name: String, _ value: String, namespace: (uri: String, prefix: String)? = nil) {
        let ns = namespace.map { declared($0.uri, prefix: $0.prefix) }
        withXMLString(name) { attributeName in
            withXMLString(value) { _ = xmlSetNsProp(node, ns ?? nil, attributeName, $0) }
        }
    }

    /// Appends a new child element in `namespace` (found in scope, or declared as the default
    /// namespace of the new element) and returns it.
    @discardableResult
    public func append(_ name: String, namespace: String?) -> XMLElement {
        let child = makeElement(name, namespace: namespace)
        xmlAddChild(node, child)
        return XMLElement(node: child, document: document)
    }

    /// Inserts a new element just before `sibling` and returns it.
    @discardableResult
    public func insert(_ name: String, namespace: String?, before sibling: XMLElement) -> XMLElement {
        let element = makeElement(name, namespace: namespace)
        xmlAddPrevSibling(sibling.node, element)
        return XMLElement(node: element, document: document)
    }

    /// The elements an XPath expression selects with this element as its context node (`./Child`).
    public func select(_ expression: String, namespaces: [String: String] = [:]) throws(XMLError) -> [XMLElement] {
        try document.select(expression, namespaces: namespaces, from: node)
    }

    /// Unlinks and frees this element and everything under it; do not use it afterwards.
    public func remove() {
        xmlUnlinkNode(node)
        xmlFreeNode(node)
    }

    private func makeElement(_ name: String, namespace: String?) -> xmlNodePtr {
        let element = withXMLString(name) { xmlNewDocNode(document.pointer, nil, $0, nil) }!
        if let namespace {
            if let found = withXMLString(namespace, { xmlSearchNsByHref(document.pointer, node, $0) }) {
                xmlSetNs(element, found)
            } else {
                let declared = withXMLString(namespace) { xmlNewNs(element, $0, nil) }
                xmlSetNs(element, declared)
            }
        }
        return element
    }

    private func declared(_ uri: String, prefix: String) -> xmlNsPtr? {
        if let found = withXMLString(uri, { xmlSearchNsByHref(document.pointer, node, $0) }), found.pointee.prefix != nil {
            return found
        }
        let root = xmlDocGetRootElement(document.pointer) ?? node
        return withXMLString(uri) { href in withXMLString(prefix) { xmlNewNs(root, href, $0) } }
    }
}
