import Foundation
import Render

/// Reads a WIM's image list from disk: the header, then only the XML range it names.
enum WIMFile {
    static func inspect(_ path: String) throws -> WIMInfo {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw OrchestrationError("cannot open the WIM '\(path)' (missing or permission denied)")
        }
        defer { try? handle.close() }
        do {
            let size = Int(try handle.seekToEnd())
            try handle.seek(toOffset: 0)
            let header = Array(try handle.read(upToCount: WIMInfo.headerSize) ?? Data())
            let range = try WIMInfo.xmlRange(header: header, fileSize: size)
            try handle.seek(toOffset: UInt64(range.offset))
            let xml = Array(try handle.read(upToCount: range.size) ?? Data())
            return try WIMInfo(xml: xml, name: path)
        } catch let failure as WIMInfo.Failure {
            throw OrchestrationError("\(path) \(failure)")
        }
    }
}
