import Foundation
import Render

/// The files every host's scripts share, from the repository's `Share/` folder, published to the
/// share's root (`zerotouch/mark.cmd`, the operator README).
enum ShareSkeleton {
    static let files = ["README.txt", "zerotouch/mark.cmd"]

    static func artifacts() -> (artifacts: [Artifact], warnings: [String]) {
        var artifacts: [Artifact] = []
        var missing: [String] = []
        for name in files {
            if let path = ShippedFile.path("Share/\(name)"), let data = FileManager.default.contents(atPath: path) {
                artifacts.append(Artifact(root: .share, path: name, content: Array(data), owner: .site))
            } else {
                missing.append(name)
            }
        }
        let warnings = missing.isEmpty ? [] : ["the share skeleton (\(missing.joined(separator: ", "))) was not found beside zerotouch; autorun.bat needs zerotouch/mark.cmd on the share"]
        return (artifacts, warnings)
    }
}
