import Crypto
import Foundation
import OperatingSystem


/// The site's secret key (`STATE/site.key`, 32 random bytes, mode 0600), from which each host's
/// callback token and its root-password salt are derived. Derived, not stored per host: a re-render
/// gives the same bytes, so an apply with nothing changed rewrites nothing.
struct SiteKey: Sendable {
    let key: SymmetricKey

    /// The key saved in `directory`; `nil` when there is none yet. A file that is not a key is an error,
    /// not a reason to make a new one: every token and salt of the site would change.
    static func stored(in directory: String) throws(OrchestrationError) -> SiteKey? {
        let path = directory + "/site.key"
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        guard data.count == 32 else {
            throw OrchestrationError("the site key '\(path)' holds \(data.count) bytes, not 32; restore it from a backup, or delete it to make a new one (every host's callback token then changes)")
        }
        return SiteKey(key: SymmetricKey(data: data))
    }

    /// A new random key, not saved yet: what is rendered with it before the first apply is written
    /// only after `save` made it the site's.
    static func random() -> SiteKey {
        SiteKey(key: SymmetricKey(size: .bits256))
    }

    /// Saves the key as `directory/site.key` (mode 0600). Returns `false`, saving nothing, when the
    /// folder already has a key.
    func save(in directory: String) throws(OrchestrationError) -> Bool {
        do {
            // Written whole under a temporary name, then linked into place: a crash leaves no half key.
            return try BeneathRoot(directory).write("site.key", content: key.withUnsafeBytes { Array($0) }, permissions: 0o600, replacing: false)
        } catch {
            throw OrchestrationError("\(error); check that the state folder is writable")
        }
    }

    /// Whether both are the same key.
    func same(as other: SiteKey) -> Bool {
        key.withUnsafeBytes { mine in other.key.withUnsafeBytes { Data(mine) == Data($0) } }
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

    /// HMAC-SHA256 of `label` under the key: a value that says nothing of the key or the label.
    func derive(_ label: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Data(label.utf8), using: key))
    }
}
