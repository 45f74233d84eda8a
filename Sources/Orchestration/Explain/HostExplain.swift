public import Fleet
import Foundation
import Inventory
import OperatingSystem
import Render

/// `zerotouch explain MAC`: the boot chain of one NIC as its machine will meet it, link by link, with
/// what to do where a link does not hold. Reads only: no lock, no inventory created, nothing written.
public struct HostExplain {
    let session: SiteSession

    public init(session: SiteSession) {
        self.session = session
    }

    /// The chain of one NIC for one firmware.
    public struct Explanation: Sendable, Encodable {
        public let mac: String
        public let firmware: BootFirmware
        public let links: [ChainLink]

        /// Whether any link fails: the machine will not get where its host's mode says.
        public var fails: Bool { links.contains { $0.status == .fail } }
    }

    /// - Parameter firmware: `nil`: the host's profile's (`bios` or `uefi`), or `bios` for an unknown MAC.
    public func explain(_ mac: MACAddress, firmware chosen: BootFirmware? = nil) throws -> Explanation {
        try session.located {
            let config = session.config
            var links: [ChainLink] = []
            let record = try session.existingInventory()?.host(mac: mac)
            let declared = config.hosts.first { $0.macs.contains(mac) }
            let host = record?.host ?? declared
            let profile = host.flatMap { config.profiles[$0.profile] }
            if let record {
                links.append(.ok("host", "\(record.host.name), profile \(record.host.profile), mode \(record.host.mode.rawValue), state \(record.state.rawValue)"))
            } else if let declared {
                links.append(.warn("host", "\(declared.name) is declared in \(session.file.path) but not applied",
                                   fix: "run 'zerotouch apply'; until then the machine gets the site's default entry"))
            } else {
                links.append(.warn("host", "no host has the NIC \(mac): the machine gets the site's default entry, which boots its local disk",
                                   fix: "add it to the fleet file (or 'zerotouch host add') to install it"))
            }
            if host != nil, profile == nil, let host {
                links.append(.fail("host", "profile \(host.profile) is not in \(session.file.path)", fix: "define the profile or give the host another one"))
            }
            let firmware = chosen ?? (profile?.firmware == .uefi ? .uefi : .bios)
            let steps = ExplainSteps(session: session, mac: mac, host: record != nil ? host : nil, profile: record != nil ? profile : nil, firmware: firmware)
            links += steps.dhcp()
            links += try steps.loaders()
            links += try steps.entry()
            links += try steps.files()
            links += try steps.installFiles()
            links.append(steps.nextBoot(state: record?.state))
            return Explanation(mac: mac.description, firmware: firmware, links: links)
        }
    }
}
