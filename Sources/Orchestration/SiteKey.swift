import Crypto
import Foundation

/// The site's secret key (`STATE/site.key`, 32 random bytes, mode 0600), from which each host's
/// callback token and its root-password salt are derived. Derived, not stored per host: a re-render
/// gives the same bytes, so an apply with nothing changed rewrites nothing.
struct SiteKey: Sendable {
    let key: SymmetricKey

    /// The key in `directory`; with `create`, made when missing. Without it and without a key
    /// (a plan before the first apply), an ephemeral key stands in: nothing rendered with it is written.
    init(directory: String, create: Bool) throws(OrchestrationError) {
        let path = directory + "/site.key"
        if let data = FileManager.default.contents(atPath: path), data.count == 32 {
            key = SymmetricKey(data: data)
            return
        }
        key = SymmetricKey(size: .bits256)
        guard create else { return }
        let bytes = key.withUnsafeBytes { Data($0) }
        guard FileManager.default.createFile(atPath: path, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
            throw OrchestrationError("cannot create the site key '\(path)'; check that the state folder is writable")
        }
    }

    /// The host's callback token: 32 hex digits, the same on every run.
    func token(for mac: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var digits: [UInt8] = []
        digits.reserveCapacity(32)
        for byte in derive("token:" + mac).prefix(16) {
            digits.append(hex[Int(byte >> 4)])
            digits.append(hex[Int(byte & 15)])
        }
        return String(decoding: digits, as: UTF8.self)
    }

    /// 16 characters of the crypt alphabet for the host's root password hash.
    func salt(for mac: String) -> String {
        let alphabet = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
        return String(decoding: derive("salt:" + mac).prefix(16).map { alphabet[Int($0) % 64] }, as: UTF8.self)
    }

    private func derive(_ label: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Data(label.utf8), using: key))
    }
}
