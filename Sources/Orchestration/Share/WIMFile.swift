import Publish
import Render

/// Reads a WIM's image list where it is published: the header, then only the XML range it names.
enum WIMFile {
    static func inspect(_ path: String, on target: some PublishTarget) throws -> WIMInfo {
        let name = target.location(of: path)
        guard let size = try target.size(of: path) else {
            throw OrchestrationError("cannot open the WIM '\(name)': it does not exist")
        }
        do {
            let header = try target.read(path, offset: 0, count: WIMInfo.headerSize)
            let range = try WIMInfo.xmlRange(header: header, fileSize: size)
            let xml = try target.read(path, offset: range.offset, count: range.size)
            return try WIMInfo(xml: xml, name: name)
        } catch let failure as WIMInfo.Failure {
            throw OrchestrationError("\(name) \(failure)")
        }
    }
}
