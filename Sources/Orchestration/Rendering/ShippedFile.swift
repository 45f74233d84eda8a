import Fleet
import Foundation

/// Files ZeroTouch ships beside its binary (`Answerfiles/`, `Share/`): found in the source tree the
/// binary was built in, or under `share/zerotouch/` of the prefix it is installed in.
enum ShippedFile {
    static func path(_ relative: String) -> String? {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            for candidate in [relative, "share/zerotouch/\(relative)"] {
                let path = folder.appendingPathComponent(candidate).path
                if FileManager.default.fileExists(atPath: path) { return path }
            }
            folder.deleteLastPathComponent()
        }
        return nil
    }
}
