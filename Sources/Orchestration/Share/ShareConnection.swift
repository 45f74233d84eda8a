import Fleet
import Publish
import SMB

/// Opens the site's share as a publish target: the local folder, or an SMB client logged on with
/// the account ZeroTouch writes with (`site.share.publish`, else `site.share.user`), its password
/// read from where the fleet file says.
enum ShareConnection {
    static func target(_ share: ShareSettings, secrets: SecretResolver, retry: SMBRetryPolicy = .standard) throws -> any PublishTarget {
        switch share.target {
        case .folder(let path):
            return LocalDirectory(root: path)
        case .smb(let location):
            return SMBShare(client: try client(location, account: share.writer, field: share.publisher == nil ? "site.share" : "site.share.publish",
                                               secrets: secrets, retry: retry))
        }
    }

    /// A client for `location` logged on as `account` (guest when `nil`).
    static func client(_ location: SMBLocation, account: ShareAccount?, field: String, secrets: SecretResolver,
                       retry: SMBRetryPolicy = .standard) throws -> SMBClient {
        var credentials = SMBCredentials.guest
        if let account {
            let password = try account.password.map { try secrets.value(of: $0, field: "\(field).password") } ?? ""
            credentials = SMBCredentials(user: account.user, password: password, domain: account.domain)
        }
        return SMBClient(base: location.description, credentials: credentials, retry: retry)
    }
}
