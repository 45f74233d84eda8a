public import Foundation

/// A folder of its own for one test, removed with everything in it when the value goes.
public final class TemporaryFolder: Sendable {
    public let url: URL
    public var path: String { url.path }

    public init(_ label: String = "test") throws {
        url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("zt-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
