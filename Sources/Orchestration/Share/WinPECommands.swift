import Fleet
public import Render
import Publish

/// `zerotouch winpe startnet` and `image inspect`: what WinPE is given.
public struct WinPECommands {
    let session: SiteSession

    public init(session: SiteSession) {
        self.session = session
    }

    /// The startnet.cmd for this site's share; with `drivers`, it loads the WinPE drivers `winpe build` put in the image.
    public func startnet(drivers: Bool = false) throws -> String {
        try session.located {
            let site = session.site
            guard let unc = site.share.unc else {
                throw OrchestrationError("\(session.file.path) has no site.share.unc: give the share as WinPE maps it, such as '\\\\pxe-server\\windows-media'")
            }
            var password: String?
            if let reference = site.share.password {
                password = try session.secrets.value(of: reference, field: "site.share.password")
            }
            do {
                return try StartnetScript.render(unc: unc, user: site.share.user, password: password, drivers: drivers)
            } catch {
                throw FleetError(ValidationIssue(field: "site.share", value: nil, rule: "cannot go into startnet.cmd: \(error)"))
            }
        }
    }

    /// The images a WIM holds.
    public static func inspectImage(_ path: String) throws -> WIMInfo {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        return try WIMFile.inspect(slash.map { String(path[path.index(after: $0)...]) } ?? path, on: LocalDirectory(root: folder.isEmpty ? "/" : folder))
    }
}
