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
            while (try? await Task.sleep(for: interval)) != nil {
                tick += 1
                await reload()
                if tick % markerEvery == 0 { await followMarkers() }
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

    /// Each marker a Windows host's folder holds that would move it forward, in autorun's order.
    /// The share is read on the recorder's thread: an SMB share's calls block.
    func followMarkers() async {
        let snapshot = routes.view.snapshot
        let followed = snapshot.hosts.filter { record in
            [.armed, .booting, .installing, .installed].contains(record.state) && snapshot.profiles[record.host.profile]?.os.isWindows == true
        }
        guard !followed.isEmpty else { return }
        let macs = followed.flatMap(\.host.macs)
        let markers: [MACAddress: [LifecycleEvent: String]]
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
                for event in StatusMarkers.events {
                    guard let detail = found[event], let next = try? lifecycle.applying(event, retries: snapshot.site.installRetries) else { continue }
                    lifecycle = next
                    await routes.take(event, mac: mac, message: detail, source: StatusMarkers.source)
                }
            }
        }
    }
}
