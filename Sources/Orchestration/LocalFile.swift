import Foundation

/// Small reads of local files outside the publish targets (fleet files, system loader files).
enum LocalFile {
    static func read(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    static func makeDirectory(_ path: String) throws(OrchestrationError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw OrchestrationError("cannot create the folder '\(path)': \((error as NSError).localizedDescription)")
        }
    }
}
