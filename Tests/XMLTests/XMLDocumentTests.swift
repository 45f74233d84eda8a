import Testing
import XML

struct XMLDocumentTests {
    static let unattend = "urn:schemas-microsoft-com:unattend"
    static let wcm = "http://schemas.microsoft.com/WMIConfig/2002/State"

    static func parse(_ text: String) throws -> XMLDocument {
        try XMLDocument(parsing: Array(text.utf8), name: "base.xml")
    }

    @Test func refusesMalformedXMLWithLineAndColumn() {
        #expect {
            _ = try Self.parse("<unattend>\n  <settings pass=\"specialize\">\n</unattend>\n")
        } throws: { error in
            let error = error as! XMLError
            return error.line == 3 && error.description.hasPrefix("base.xml:3:") && error.description.contains("is not well-formed XML")
        }
    }

    @Test func valuesAreTextNeverMarkup() throws {
        let document = try Self.parse("<unattend xmlns=\"\(Self.unattend)\"><a/></unattend>")
        let element = try #require(document.root?.children.first)
        let hostile = "x</a><b>&amp; \"'<!-- %"
        element.setText(hostile)
        element.setAttribute("note", hostile)
        let text = String(decoding: document.serialized(), as: UTF8.self)
        #expect(!text.contains("<b>") && text.contains("&lt;/a&gt;&lt;b&gt;&amp;amp;"))
        let reparsed = try Self.parse(text)
        let again = try #require(reparsed.root?.children.first)
        #expect(again.text == hostile && again.attribute("note") == hostile, "the value round-trips exactly")
        #expect(reparsed.root?.children.count == 1, "no element was added")
    }

    @Test func newElementsJoinTheNamespaceInScopeAndAttributesDeclareTheirPrefix() throws {
        let document = try Self.parse("<unattend xmlns=\"\(Self.unattend)\"><settings pass=\"specialize\"/></unattend>")
        let settings = try #require(document.root?.children.first)
        let component = settings.append("component", namespace: Self.unattend)
        component.setAttribute("action", "add", namespace: (Self.wcm, "wcm"))
        let found = try document.select("/u:unattend/u:settings[@pass='specialize']/u:component[@w:action='add']",
                                         namespaces: ["u": Self.unattend, "w": Self.wcm])
        #expect(found.count == 1)
        let text = String(decoding: document.serialized(), as: UTF8.self)
        #expect(text.contains("xmlns:wcm=\"\(Self.wcm)\"") && text.contains("<component wcm:action=\"add\"/>"))
    }

    @Test func canonicalFormIgnoresFormattingAndAttributeOrder() throws {
        let a = try Self.parse("<r xmlns=\"urn:x\"><e b=\"2\" a=\"1\">t</e><!-- note --></r>")
        let b = try Self.parse("<?xml version=\"1.0\"?>\n<r xmlns=\"urn:x\">\n  <e a=\"1\" b=\"2\">t</e>\n</r>\n")
        #expect(a.canonical() == b.canonical())
        let c = try Self.parse("<r xmlns=\"urn:x\"><e a=\"1\" b=\"3\">t</e></r>")
        #expect(a.canonical() != c.canonical())
    }

    @Test func aCopyIsIndependentAndRemovalWorks() throws {
        let original = try Self.parse("<r><a/><b/></r>")
        let copy = try original.copy()
        copy.root?.children.first?.remove()
        #expect(copy.root?.children.map(\.name) == ["b"])
        #expect(original.root?.children.map(\.name) == ["a", "b"])
        let inserted = try #require(copy.root).insert("z", namespace: nil, before: try #require(copy.root?.children.first))
        #expect(inserted.name == "z" && copy.root?.children.map(\.name) == ["z", "b"])
    }

    @Test func refusesExternalEntities() throws {
        // No network, no entity expansion: an XXE attempt stays an unexpanded reference.
        let text = "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>"
        let document = try Self.parse(text)
        #expect(!(document.root?.text.contains("root:") ?? false))
    }
}

extension XMLDocumentTests {
    /// Found by Scripts/fuzz (answer target): libxml2's message for bytes that are not UTF-8 has a
    /// second line (`Bytes: 0xE2 …`); a refusal is one line.
    @Test func aMessageOfTwoLinesBecomesOne() throws {
        let bytes = Array("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<unattend>".utf8) + [0xE2, 0xE2, 0xE2, 0xE2] + Array("</unattend>".utf8)
        let error = try #require(throws: XMLError.self) { try XMLDocument(parsing: bytes, name: "bad.xml") }
        #expect(!error.description.contains("\n"), "\(error)")
        #expect(error.description.contains("not proper UTF-8") && error.description.contains("; Bytes: 0xE2"), "\(error)")
    }
}
