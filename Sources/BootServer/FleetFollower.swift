import Fleet
import Foundation
import Orchestration
import Logging
import ServiceLifecycle

/// Keeps the server in step with the world outside it: reloads the view when the inventory or the
/// fleet file changed (an apply, a host command), and turns the status markers autorun.bat writes
/// on the share into lifecycle events, for WinPE that cannot call back over HTTP.
struct FleetFollower: Service {
    let routes: BootRoutes
    let interval: Duration
    /// The share is looked at every this many intervals: markers move at WinPE's pace, and a
    /// large fleet's folders are not worth a stat each second.
    let markerEvery: Int

    /// Returns when the server shuts down; a look under way finishes first.
    func run() async {
        await cancelWhenGracefulShutdown {
            var tick = 0
            var noted = Set<String>()
            while (try? await Task.sleep(for: interval)) != nil {
                tick += 1
                await reload()
                if tick % markerEvery == 0 { await followMarkers(noted: &noted) }
            }
        }
    }

    func reload() async {
        do {
            if let snapshot = try await routes.backend.snapshotIfChanged() {
                routes.view.replace(with: snapshot)
                routes.logger.debug("reloaded the inventory: \(snapshot.hosts.count) hosts")
            }
        } catch {
            routes.logger.error("cannot reload the fleet: \(error); still answering from the last good state")
        }
    }

    /// Each marker a Windows host's folder holds that would move it forward, in autorun's order, and
    /// the notes (what the driver step did) into its timeline, each once: `noted` holds those this
    /// server has seen, and the inventory is asked only about a new one (after a restart, once).
    /// The share is read on the recorder's thread: an SMB share's calls block.
    func followMarkers(noted: inout Set<String>) async {
        let snapshot = routes.view.snapshot
        let followed = snapshot.hosts.filter { record in
            [.armed, .booting, .installing, .installed].contains(record.state) && snapshot.profiles[record.host.profile]?.os.isWindows == true
        }
        guard !followed.isEmpty else { return }
        let macs = followed.flatMap(\.host.macs)
        let markers: [MACAddress: StatusMarkers.Found]
        do {
            markers = try await routes.backend.statusMarkers(of: macs)
        } catch {
            routes.logger.error("cannot read the status markers on the share: \(error)")
            return
        }
        for record in followed {
            var lifecycle = record.lifecycle
            for mac in record.host.macs {
                guard let found = markers[mac] else { continue }
                // In autorun's order: the driver step's notes come after the image is applied.
                for event in StatusMarkers.events {
                    if event == .done { await note(found, mac: mac, noted: &noted) }
                    guard let detail = found.events[event], let next = try? lifecycle.applying(event, retries: snapshot.site.installRetries) else { continue }
                    lifecycle = next
                    await routes.take(event, mac: mac, message: detail, source: StatusMarkers.source)
                }
            }
        }
    }

    /// The notes of one NIC's status folder that this server has not seen yet.
    func note(_ found: StatusMarkers.Found, mac: MACAddress, noted: inout Set<String>) async {
        for name in StatusMarkers.notes {
            guard let text = found.notes[name], noted.insert("\(mac) \(name) \(text)").inserted else { continue }
            do {
                if try await routes.backend.note(name, mac: mac, message: text, source: StatusMarkers.source) {
                    routes.logger.info("note \(name) (\(StatusMarkers.source)): \(text)", metadata: ["mac": "\(mac)"])
                }
            } catch {
                // Looked at again next time.
                noted.remove("\(mac) \(name) \(text)")
                routes.logger.error("the note \(name) for \(mac) could not be recorded: \(error)")
            }
        }
    }
}
