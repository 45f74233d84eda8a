import Foundation

/// Small reads of local files outside the publish targets (fleet files, system loader files).
enum LocalFile {
    static func read(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// Whether `path` is a folder; `nil` when nothing is there.
    static func isFolder(_ path: String) -> Bool? {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) ? isFolder.boolValue : nil
    }

    static func makeDirectory(_ path: String) throws(OrchestrationError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw OrchestrationError("cannot create the folder '\(path)': \((error as NSError).localizedDescription)")
        }
    }
}
