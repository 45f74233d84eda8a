import Foundation
import OperatingSystem
import Publish
import Render

/// `STATE/writing`: present while a run writes files to a root, naming the root and the folders it
/// writes in. A run killed meanwhile (`kill -9`, a power cut) leaves it behind with the temporary
/// files it was writing; the next run to take the lock removes those and says so.
struct InterruptedWrites {
    let path: String

    init(stateDirectory: String) {
        path = stateDirectory + "/writing"
    }

    /// Notes that files are about to be written in `folders` of `root`.
    func begin(_ root: PublishRoot, folders: Set<String>) throws(OrchestrationError) {
        let text = ([root.rawValue] + folders.sorted()).joined(separator: "\n") + "\n"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw OrchestrationError("cannot write '\(path)': \((error as NSError).localizedDescription)")
        }
    }

    /// The writes finished.
    func end() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The root and folders an interrupted run was writing in, `nil` when none was interrupted.
    func left() -> (root: PublishRoot, folders: [String])? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        guard let first = lines.first, let root = PublishRoot(rawValue: first) else { return nil }
        return (root, Array(lines.dropFirst()))
    }

    /// The folder a published path is in (`""` for the root itself).
    static func folder(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
    }

    /// Removes the temporary files a killed run left in the folders it was writing in; says which.
    /// - Parameter target: opens the root the run was writing to.
    func clean(_ target: (PublishRoot) throws -> any PublishTarget) throws -> [String] {
        guard let (root, folders) = left() else {
            end()
            return []
        }
        let destination = try target(root)
        var removed: [String] = []
        for folder in folders {
            for name in try destination.list(folder) ?? [] where TemporaryName.isTemporary(name) {
                let path = folder.isEmpty ? name : folder + "/" + name
                try destination.remove(path)
                removed.append(destination.location(of: path))
            }
        }
        end()
        guard !removed.isEmpty else { return [] }
        let shown = removed.prefix(5).joined(separator: ", ") + (removed.count > 5 ? " and \(removed.count - 5) more" : "")
        return ["removed \(removed.count) temporary file\(removed.count == 1 ? "" : "s") an interrupted run left on the \(root.rawValue) root: \(shown)"]
    }
}
