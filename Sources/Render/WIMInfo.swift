public import Fleet
import XML

/// What a WIM says about its images (FORMATS.md §9): its 208-byte header points at an XML resource,
/// stored uncompressed as UTF-16LE, that lists every image. Pure: the caller reads the header and
/// then the XML range it names, so a multi-GB WIM is never read whole.
public struct WIMInfo: Sendable {
    public struct Image: Sendable, Equatable {
        public let index: Int
        public let name: String
        public let description: String?
        public let architecture: Architecture?
        /// The raw `WINDOWS/ARCH` number when it is not one ZeroTouch knows.
        public let architectureCode: Int?
        public let edition: String?
        public let totalBytes: Int?
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public static let headerSize = 208

    /// Where the XML resource is, from the header's first 208 bytes.
    public static func xmlRange(header bytes: [UInt8], fileSize: Int) throws(Failure) -> (offset: Int, size: Int, imageCount: Int) {
        guard bytes.count >= 8, Array(bytes.prefix(8)) == Array("MSWIM\0\0\0".utf8) else {
            throw Failure(description: "is not a WIM file (no MSWIM header)")
        }
        guard bytes.count >= headerSize else { throw Failure(description: "is truncated: \(fileSize) bytes, shorter than a WIM header") }
        func integer(_ offset: Int, _ count: Int) -> Int {
            (0..<count).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
        }
        guard integer(8, 4) == headerSize else { throw Failure(description: "has a header size of \(integer(8, 4)), not 208: not a WIM this tool reads") }
        let stored = integer(0x48, 7)
        let offset = integer(0x50, 8)
        let original = integer(0x58, 8)
        guard stored == original, original > 2, original % 2 == 0 else {
            throw Failure(description: "has an XML resource that is compressed or empty; the file is damaged")
        }
        guard offset >= headerSize, offset + original <= fileSize else {
            throw Failure(description: "is truncated: its image list ends at byte \(offset + original), but the file has \(fileSize) bytes")
        }
        return (offset, original, integer(0x2C, 4))
    }

    public let images: [Image]

    /// Parses the XML resource (UTF-16LE, optionally with a BOM).
    public init(xml bytes: [UInt8], name: String) throws(Failure) {
        var units = stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }
        if units.first == 0xFEFF { units.removeFirst() }
        let text = String(decoding: units, as: UTF16.self)
        let document: XMLDocument
        do {
            document = try XMLDocument(parsing: Array(text.utf8), name: name, encoding: "UTF-8")
        } catch {
            throw Failure(description: "has an image list that is not readable XML (\(error.message))")
        }
        guard let root = document.root, root.name == "WIM" else { throw Failure(description: "has an image list without a WIM element") }
        var images: [Image] = []
        for element in root.children where element.name == "IMAGE" {
            guard let index = element.attribute("INDEX").flatMap(Int.init) else { continue }
            let windows = element.child("WINDOWS", namespace: nil)
            let code = windows?.child("ARCH", namespace: nil).flatMap { Int($0.text) }
            images.append(Image(index: index, name: element.child("NAME", namespace: nil)?.text ?? "",
                                description: element.child("DESCRIPTION", namespace: nil)?.text,
                                architecture: code.flatMap(Self.architecture), architectureCode: code,
                                edition: windows?.child("EDITIONID", namespace: nil)?.text,
                                totalBytes: element.child("TOTALBYTES", namespace: nil).flatMap { Int($0.text) }))
        }
        self.images = images.sorted { $0.index < $1.index }
    }

    /// `WINDOWS/ARCH`: 0 x86, 9 amd64, 12 arm64 (PROCESSOR_ARCHITECTURE values).
    static func architecture(_ code: Int) -> Architecture? {
        [0: .x86, 9: .amd64, 12: .arm64][code]
    }
}
