import Foundation
import OperatingSystem
import SystemPackage
import Testing

struct BeneathRootTests {
    let root: String

    init() throws {
        root = NSTemporaryDirectory() + "zt-beneath-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    func names(_ folder: String = "") throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root + "/" + folder).sorted()
    }

    /// The site key's rule: the first writer wins, a second one is told so, and neither leaves a
    /// temporary file or a half-written key behind.
    @Test func aWriteThatMustNotReplaceKeepsTheFirstWritersBytes() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let beneath = BeneathRoot(root)
        #expect(try beneath.write("state/site.key", content: [1, 2, 3], permissions: 0o600, replacing: false))
        #expect(try !beneath.write("state/site.key", content: [9, 9, 9], permissions: 0o600, replacing: false))
        #expect(try beneath.read("state/site.key") == [1, 2, 3])
        #expect(try names("state") == ["site.key"])
        #expect(try beneath.status(of: "state/site.key")?.permissions == 0o600)
    }

    @Test func aLinkBelowTheRootIsRefusedWithItsPathAndErrno() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createSymbolicLink(atPath: root + "/out", withDestinationPath: "/tmp")
        let beneath = BeneathRoot(root)
        let error = try #require(throws: FileError.self) { try beneath.write("out/escaped", content: [1]) }
        #expect(error.isLink && error.path == root + "/out")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/escaped"))
        let read = try #require(throws: FileError.self) { try beneath.read("out/anything") }
        #expect(read.isLink)
    }

    @Test func aFileInPlaceOfAFolderKeepsTheSystemsCode() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let beneath = BeneathRoot(root)
        try beneath.write("plain", content: [1])
        let error = try #require(throws: FileError.self) { try beneath.write("plain/below", content: [1]) }
        #expect(error.errno == .notDirectory)
        #expect(error.description.hasSuffix("(ENOTDIR)"), "\(error)")
        #expect(try beneath.read("missing") == nil && beneath.list("missing") == nil)
    }
}
