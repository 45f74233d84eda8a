import Fleet

/// `zerotouch image publish` and `share check|ls|cat`: the share as ZeroTouch and WinPE see it.
public struct ShareCommands {
    let session: SiteSession

    public init(session: SiteSession) {
        self.session = session
    }

    /// Uploads a WIM into `images/` on the share (`ImageUpload`); `name` defaults to the file's own.
    public func publishImage(_ source: String, name: String?, progress: @escaping (ImageUpload.Progress) -> Void) throws -> ImageUpload.Outcome {
        let fileName = name ?? String(source.split(separator: "/").last ?? "")
        try Self.checkImageName(fileName, field: name == nil ? "the file name" : "--name")
        return try ImageUpload(source: source, path: "images/" + fileName, target: try session.target(.share), progress: progress).run()
    }

    static func checkImageName(_ name: String, field: String) throws {
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.+".contains($0)) }
        let suffix = [".wim", ".esd", ".swm"].contains { name.lowercased().hasSuffix($0) }
        guard allowed, suffix, !name.hasPrefix("."), name.count <= 200 else {
            throw FleetError(ValidationIssue(field: field, value: name, rule: """
                is not an image name for the share: letters, digits, '-', '_', '.' and '+', not starting with '.', \
                ending in .wim, .esd or .swm (give --name NAME.wim)
                """))
        }
    }

    /// Whether the share answers, takes ZeroTouch's writes and reads back as WinPE will read it.
    public func check() -> ShareCheck {
        ShareCheck.run(session.site.share, secrets: session.secrets)
    }

    /// The names in a folder of the share (`""` for its root); `nil` when the folder does not exist.
    public func list(_ folder: String) throws -> [String]? {
        try session.target(.share).list(try Self.sharePath(folder))
    }

    /// A file on the share, such as a status marker or log autorun.bat wrote.
    public func read(_ path: String) throws -> [UInt8] {
        try session.target(.share).read(try Self.sharePath(path))
    }

    /// A relative path on the share, refused when it climbs out of it.
    static func sharePath(_ text: String) throws -> String {
        let parts = text.split(separator: "/")
        guard !parts.contains(where: { $0 == ".." || $0 == "." }), !text.contains("\\"), !text.contains(where: { ($0.asciiValue ?? 0x20) < 0x20 }) else {
            throw FleetError(ValidationIssue(field: "path", value: text, rule: "is not a path on the share ('/'-separated, without '.' or '..')"))
        }
        return parts.joined(separator: "/")
    }
}
