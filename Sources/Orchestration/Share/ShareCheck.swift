import Fleet
import Foundation
import Publish
import SMB

/// `zerotouch share check`: whether the share answers, takes ZeroTouch's writes, and can be read
/// the way WinPE will read it, each failure with what to do about it.
public struct ShareCheck: Sendable, Encodable {
    public struct Finding: Sendable, Encodable {
        public enum Level: String, Sendable, Encodable { case ok, warning, failure }
        public let level: Level
        public let check: String
        public let message: String
    }

    public let target: String
    public private(set) var findings: [Finding] = []
    public var passed: Bool { !findings.contains { $0.level == .failure } }

    mutating func add(_ level: Finding.Level, _ check: String, _ message: String) {
        findings.append(Finding(level: level, check: check, message: message))
    }

    static func run(_ share: ShareSettings, secrets: SecretResolver) -> ShareCheck {
        var report = ShareCheck(target: share.target.description)
        if share.unc == nil {
            report.add(.warning, "unc", "site.share.unc is not set; WinPE's startnet.cmd needs it to map the share")
        }
        if share.reader == nil {
            report.add(.warning, "winpe account", "WinPE maps the share as guest (no site.share.user); recent Windows refuses guest logons, so give a read-only account")
        }
        switch share.target {
        case .folder(let path):
            report.checkFolder(path)
        case .smb(let location):
            report.checkSMB(location, share: share, secrets: secrets)
        }
        return report
    }

    private mutating func checkFolder(_ path: String) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            return add(.failure, "reachable", "\(path) does not exist or is not a folder; create it (apply creates it when its parent is writable) or fix site.share.target")
        }
        add(.ok, "reachable", "\(path) is a folder")
        let folder = LocalDirectory(root: path)
        let probe = ".zerotouch-check-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            try folder.write(probe, content: Array("zerotouch share check\n".utf8))
            try folder.remove(probe)
            add(.ok, "writable", "ZeroTouch can create and remove files in \(path)")
        } catch {
            add(.failure, "writable", "\(error); make the folder writable for the user running zerotouch")
        }
        add(.warning, "winpe read", "a local folder: that WinPE can read it through the share depends on the Samba (or Windows) share that exports it; run this check against the smb:// URL to test that")
    }

    private mutating func checkSMB(_ location: SMBLocation, share: ShareSettings, secrets: SecretResolver) {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(location.host, nil, &hints, &found) == 0 else {
            return add(.failure, "name", "the server name '\(location.host)' does not resolve; fix site.share.target or this machine's DNS (/etc/hosts, resolv.conf)")
        }
        freeaddrinfo(found)
        if location.port.map({ $0 != 445 }) == true {
            add(.warning, "port", "the share is on port \(location.port!); ZeroTouch can publish there, but WinPE connects to 445 only")
        }
        let writerField = share.publisher == nil ? "site.share" : "site.share.publish"
        let writer: SMBClient
        do {
            writer = try ShareConnection.client(location, account: share.writer, field: writerField, secrets: secrets, retry: .once)
        } catch {
            return add(.failure, "credentials", "\(error)")
        }
        let account = share.writer == nil ? "a guest logon" : "the account \(writer.credentials) (\(writerField).user)"
        do {
            if try writer.list("") != nil {
                add(.ok, "logon", "\(location) answers and accepts \(account)")
            } else {
                let root = try ShareConnection.client(location.shareRoot,
                                                      account: share.writer, field: writerField, secrets: secrets, retry: .once)
                guard try root.list("") != nil else {
                    return add(.failure, "share", "the share '\(location.share)' does not exist on \(location.host); create it, or fix site.share.target (smbclient -L //\(location.host) lists the shares)")
                }
                add(.ok, "logon", "\(root.base) answers and accepts \(account); the folder '\(location.directory)' is created on the first apply")
            }
        } catch let error as SMBError {
            return add(.failure, "logon", logonAdvice(error, location: location, account: account))
        } catch {
            return add(.failure, "credentials", "\(error)")
        }
        let probe = ".zerotouch-check-\(ProcessInfo.processInfo.processIdentifier)"
        let content = Array("zerotouch share check \(Date())\n".utf8)
        do {
            try writer.replace(probe, with: content)
            add(.ok, "writable", "\(account) can create, replace and remove files in \(location)")
        } catch {
            let advice = error.kind == .accessDenied
                ? "\(account) may not write to \(location); make the share writable for it ('read only = no', 'write list') or name a writing account in site.share.publish"
                : "\(error)"
            return add(.failure, "writable", advice)
        }
        defer { try? writer.remove(probe) }
        guard let readerAccount = share.reader, share.publisher != nil else {
            return readBack(probe, content: content, client: writer, who: "WinPE's account (the same)")
        }
        do {
            let reader = try ShareConnection.client(location, account: readerAccount, field: "site.share", secrets: secrets, retry: .once)
            readBack(probe, content: content, client: reader, who: "WinPE's account \(reader.credentials)")
        } catch {
            add(.failure, "winpe read", "\(error)")
        }
    }

    private mutating func readBack(_ probe: String, content: [UInt8], client: SMBClient, who: String) {
        do {
            guard try client.read(probe) == content else {
                return add(.failure, "winpe read", "\(who) reads back other bytes than were written to \(client.url(probe))")
            }
            add(.ok, "winpe read", "\(who) reads what ZeroTouch writes")
        } catch {
            add(.failure, "winpe read", error.kind == .accessDenied
                ? "\(who) cannot read \(client.url(probe)): \(error.reason); give it read access to the share"
                : "\(error)")
        }
    }

    private func logonAdvice(_ error: SMBError, location: SMBLocation, account: String) -> String {
        switch error.kind {
        case .accessDenied:
            "\(location) refused \(account): wrong user name, password (password_env / password_file) or domain, or the account may not use the share"
        case .unreachable:
            "nothing answers at \(location.host):\(location.port ?? 445) (\(error.reason)); start smbd there, or fix the host and port in site.share.target"
        case .connectionLost:
            "the connection to \(location.host) broke (\(error.reason)); check the server and the network"
        default:
            "\(error)"
        }
    }
}
