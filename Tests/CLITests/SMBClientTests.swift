import Foundation
import SMB
import Testing

@Suite(.serialized) struct SMBClientTests {
    @Test func explore() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("zt-smb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("share"), withIntermediateDirectories: true)
        let samba = try PrivateSamba(folder: folder, sharePath: folder.appendingPathComponent("share"))
        defer { samba.stop() }
        let good = SMBClient(base: samba.url, credentials: SMBCredentials(user: "reader", password: PrivateSamba.password), retry: .once)
        try good.replace("a/b/c.txt", with: Array("hello".utf8))
        print("READ", String(decoding: try good.read("a/b/c.txt"), as: UTF8.self), try good.list("a/b") ?? [])
        try good.replace("a/b/c.txt", with: Array("hello2".utf8))
        print("READ2", String(decoding: try good.read("a/b/c.txt"), as: UTF8.self), try good.list("a/b") ?? [])
        let cases: [(String, SMBClient)] = [
            ("wrong password", SMBClient(base: samba.url, credentials: SMBCredentials(user: "reader", password: "nope"), retry: .once)),
            ("missing share", SMBClient(base: "smb://127.0.0.1:\(samba.port)/nothere", credentials: SMBCredentials(user: "reader", password: PrivateSamba.password), retry: .once)),
            ("readonly", SMBClient(base: "smb://127.0.0.1:\(samba.port)/readonly", credentials: SMBCredentials(user: "reader", password: PrivateSamba.password), retry: .once)),
            ("down", SMBClient(base: "smb://127.0.0.1:1/deploy", credentials: SMBCredentials(user: "reader", password: PrivateSamba.password), retry: .once)),
            ("noname", SMBClient(base: "smb://no-such-host.invalid/deploy", credentials: SMBCredentials(user: "reader", password: PrivateSamba.password), retry: .once)),
            ("guest", SMBClient(base: samba.url, credentials: .guest, retry: .once)),
        ]
        for (name, client) in cases {
            do { print("LIST OK", name, try client.list("") as Any, try client.status("") as Any) } catch { print("LIST", name, error.code, error) }
            do { try client.replace("x.txt", with: [1]) ; print("WRITE OK", name) } catch { print("WRITE", name, error.code, error) }
        }
    }
}
