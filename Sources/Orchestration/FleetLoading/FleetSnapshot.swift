import Crypto
import Fleet
import Foundation
import OperatingSystem

/// A fleet file as it was last read and validated, kept in the user's cache folder, so that the next
/// command on the same file skips parsing and checking every host again (for 10,000 hosts, about
/// 250 ms: five times a host command's whole budget).
///
/// A snapshot stands for exact bytes: its header holds the file's SHA-256, its absolute path and the
/// identity of the zerotouch binary that wrote it. An edited or moved file, or a new build, reads the
/// file again. That is exact because validation reads nothing but the file's text and its folder's
/// path. Snapshots hold what the file holds (secret references, never secret values); they are mode
/// 0600 in a folder of mode 0700, and one owned by another user is ignored. Any doubt (a damaged
/// snapshot, a full disk) means the file is simply read again.
///
/// A snapshot of an earlier version of the file serves too: when an edit stays inside some host
/// entries, only those are read and checked again (`FleetDocument.reparseHosts`), so the snapshot
/// keeps the file's bytes and where each host entry lies.
///
/// Layout: four header lines; the JSON of the site, profiles, per-host settings and entry spans; the
/// byte count of the host lines; one line per host; the file's bytes.
struct FleetSnapshot: Sendable {
    static let magic = "zerotouch fleet snapshot 3"
    /// Snapshots kept per cache folder, one per fleet file; the least recently written go first.
    static let kept = 16

    /// The fleet file's absolute path.
    let fleet: String
    /// SHA-256 of the fleet file's bytes, in hex.
    let digest: String
    /// Where this file's snapshot lives; `nil` when there is no cache folder to use.
    let location: String?

    /// - Parameter folder: the snapshot cache; `nil`: no snapshots.
    init(fleet: String, content: Data, folder: String?) {
        self.fleet = fleet
        digest = Self.hex(SHA256.hash(data: content))
        location = folder.map { "\($0)/\(Self.hex(SHA256.hash(data: Data(fleet.utf8))).prefix(32)).fleet" }
    }

    /// `ZEROTOUCH_CACHE_DIR` (empty: no snapshots), else `$XDG_CACHE_HOME/zerotouch`, else `~/.cache/zerotouch`.
    static func folder(environment: [String: String]) -> String? {
        if let chosen = environment["ZEROTOUCH_CACHE_DIR"] { return chosen.isEmpty ? nil : chosen }
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/zerotouch" }
        if let home = environment["HOME"], home.hasPrefix("/"), home != "/" { return home + "/.cache/zerotouch" }
        return nil
    }

    /// The running binary: device, inode, size and modification time, so a rebuild is a new identity.
    static var binary: String? { RunningBinary.identity }

    private struct Head: Codable {
        let site: Site
        let profiles: [String: Profile]
        let windowsOverrides: [MACAddress: WindowsSettings]
        let nicNetworks: [MACAddress: HostNetwork]
        let installOverrides: [MACAddress: InstallSettings]
        let spans: HostSpans?
        let locations: [String: String]
    }

    /// What a snapshot holds: a version of the file, validated.
    struct Saved {
        /// SHA-256 of `content`, in hex.
        let digest: String
        let config: FleetConfig
        let spans: HostSpans?
        let content: [UInt8]
    }

    // MARK: reading

    /// The configuration saved for exactly this file, binary and path; `nil` otherwise.
    func load() -> FleetConfig? {
        guard let saved = loadAny(), saved.digest == digest else { return nil }
        return saved.config
    }

    /// What was saved for this path and binary, from this version of the file or an earlier one.
    func loadAny() -> Saved? {
        guard let location, let binary = Self.binary, let bytes = Self.readOwnFile(location) else { return nil }
        let parts = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 6, omittingEmptySubsequences: false)
        guard parts.count == 7, String(decoding: parts[0], as: UTF8.self) == Self.magic, String(decoding: parts[1], as: UTF8.self) == binary,
              String(decoding: parts[3], as: UTF8.self) == fleet,
              let head = try? JSONDecoder().decode(Head.self, from: Data(parts[4])),
              let length = Int(String(decoding: parts[5], as: UTF8.self)), length >= 0, length <= parts[6].count,
              let hosts = Self.hosts(from: parts[6].prefix(length)) else { return nil }
        let content = Array(parts[6].dropFirst(length))
        // The digest is of the content kept, whatever the header says.
        guard Self.hex(SHA256.hash(data: content)) == String(decoding: parts[2], as: UTF8.self) else { return nil }
        var config = FleetConfig(site: head.site, profiles: head.profiles, hosts: hosts, windowsOverrides: head.windowsOverrides,
                                 nicNetworks: head.nicNetworks, installOverrides: head.installOverrides)
        config.locations = head.locations
        return Saved(digest: String(decoding: parts[2], as: UTF8.self), config: config, spans: head.spans, content: content)
    }

    /// Host lines: name, profile, mode, MACs in hex, and `address/prefix/gateway/dns,dns` as numbers,
    /// separated by tabs. Read byte by byte: for 10,000 hosts, splitting strings took 20 ms.
    static func hosts(from bytes: ArraySlice<UInt8>) -> [Fleet.Host]? {
        var hosts: [Fleet.Host] = []
        var index = bytes.startIndex
        let end = bytes.endIndex
        /// The bytes up to `stop` (or the line's end), and moves past the stop.
        func field(_ stop: UInt8) -> ArraySlice<UInt8>? {
            let start = index
            while index < end, bytes[index] != stop, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            guard index < end, bytes[index] == stop else { return nil }
            defer { index += 1 }
            return bytes[start..<index]
        }
        func number(_ text: ArraySlice<UInt8>, radix: UInt64, limit: UInt64) -> UInt64? {
            guard !text.isEmpty, text.count <= 16 else { return nil }
            var value: UInt64 = 0
            for byte in text {
                let digit: UInt64
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: digit = UInt64(byte - UInt8(ascii: "a") + 10)
                default: return nil
                }
                value = value * radix + digit
            }
            return value <= limit ? value : nil
        }
        func list(_ text: ArraySlice<UInt8>, radix: UInt64, limit: UInt64) -> [UInt64]? {
            var values: [UInt64] = []
            var start = text.startIndex
            while start < text.endIndex {
                let stop = text[start...].firstIndex(of: UInt8(ascii: ",")) ?? text.endIndex
                guard let value = number(text[start..<stop], radix: radix, limit: limit) else { return nil }
                values.append(value)
                start = stop + 1
            }
            return values
        }
        while index < end {
            guard let name = field(UInt8(ascii: "\t")), let profile = field(UInt8(ascii: "\t")), let modeText = field(UInt8(ascii: "\t")),
                  let macText = field(UInt8(ascii: "\t")), let networkText = field(UInt8(ascii: "\n")),
                  let mode = HostMode(rawValue: String(decoding: modeText, as: UTF8.self)),
                  let macs = list(macText, radix: 16, limit: 1 << 48 - 1), !macs.isEmpty else { return nil }
            var network: HostNetwork?
            if !networkText.isEmpty {
                let parts = networkText.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
                guard parts.count == 4, let address = number(parts[0], radix: 10, limit: UInt64(UInt32.max)),
                      let prefix = number(parts[1], radix: 10, limit: 32),
                      let interface = try? IPv4Interface(address: IPv4Address(rawValue: UInt32(address)), prefixLength: Int(prefix)),
                      let dns = list(parts[3], radix: 10, limit: UInt64(UInt32.max)) else { return nil }
                let gateway = number(parts[2], radix: 10, limit: UInt64(UInt32.max))
                guard parts[2].isEmpty || gateway != nil else { return nil }
                network = HostNetwork(interface: interface, gateway: gateway.map { IPv4Address(rawValue: UInt32($0)) },
                                      dns: dns.map { IPv4Address(rawValue: UInt32($0)) })
            }
            hosts.append(Fleet.Host(name: String(decoding: name, as: UTF8.self), macs: macs.map(MACAddress.init(rawValue:)),
                                    profile: String(decoding: profile, as: UTF8.self), network: network, mode: mode))
        }
        return hosts
    }

    /// The file's bytes when this user owns it and nobody else may write it.
    static func readOwnFile(_ path: String) -> [UInt8]? {
        guard let slash = path.lastIndex(of: "/"),
              let file = try? BeneathRoot(String(path[..<slash])).open(String(path[path.index(after: slash)...])),
              let status = try? file.status(),
              status.owner == OpenFile.currentUser, status.permissions & 0o022 == 0, status.size < 1 << 30 else { return nil }
        return try? file.readAll()
    }

    // MARK: writing

    /// Saves `config`, read from this file, for the next command. Never fails the command: a snapshot
    /// that cannot be written is simply not there next time.
    /// - Parameters:
    ///   - spans: where the host entries lie in `content`, the file's bytes.
    func save(_ config: FleetConfig, spans: HostSpans?, content: Data) {
        guard let location, let binary = Self.binary, let lines = Self.lines(of: config.hosts) else { return }
        let head = Head(site: config.site, profiles: config.profiles, windowsOverrides: config.windowsOverrides,
                        nicNetworks: config.nicNetworks, installOverrides: config.installOverrides, spans: spans, locations: config.locations)
        guard let json = try? JSONEncoder().encode(head), !json.contains(UInt8(ascii: "\n")), !fleet.contains("\n") else { return }
        var bytes = Array("\(Self.magic)\n\(binary)\n\(digest)\n\(fleet)\n".utf8)
        bytes += json
        bytes.append(UInt8(ascii: "\n"))
        let hostLines = Array(lines.utf8)
        bytes += Array("\(hostLines.count)\n".utf8)
        bytes += hostLines
        bytes += content
        let folder = String(location[..<location.lastIndex(of: "/")!])
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])) != nil else { return }
        guard (try? BeneathRoot(folder).write(String(location[location.index(after: location.lastIndex(of: "/")!)...]), content: bytes, permissions: 0o600)) != nil else { return }
        Self.prune(folder)
    }

    /// One line per host, or `nil` when a value cannot be written on one (validated names cannot hold a tab or newline).
    static func lines(of hosts: [Fleet.Host]) -> String? {
        var text = ""
        text.reserveCapacity(hosts.count * 64)
        for host in hosts {
            guard !host.name.contains(where: { $0 == "\t" || $0 == "\n" }), !host.profile.contains(where: { $0 == "\t" || $0 == "\n" }) else { return nil }
            text += "\(host.name)\t\(host.profile)\t\(host.mode.rawValue)\t"
            text += host.macs.map { String($0.rawValue, radix: 16) }.joined(separator: ",")
            text += "\t"
            if let network = host.network {
                text += "\(network.interface.address.rawValue)/\(network.interface.prefixLength)/\(network.gateway.map { String($0.rawValue) } ?? "")/"
                text += network.dns.map { String($0.rawValue) }.joined(separator: ",")
            }
            text += "\n"
        }
        return text
    }

    /// Keeps the `kept` most recently written snapshots of the folder.
    static func prune(_ folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        let snapshots = names.filter { $0.hasSuffix(".fleet") }
        guard snapshots.count > kept else { return }
        let dated = snapshots.map { name -> (String, Date) in
            let path = "\(folder)/\(name)"
            return (path, ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast)
        }
        for (path, _) in dated.sorted(by: { $0.1 > $1.1 }).dropFirst(kept) { try? FileManager.default.removeItem(atPath: path) }
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
