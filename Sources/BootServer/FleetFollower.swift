import Fleet
import Foundation
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
    /// The marker files, in the order autorun.bat writes them.
    static let markers: [LifecycleEvent] = [.started, .applied, .done, .failed]

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
            if let snapshot = try await routes.recorder.snapshotIfChanged() {
                routes.view.replace(with: snapshot)
                routes.logger.debug("reloaded the inventory: \(snapshot.hosts.count) hosts")
            }
        } catch {
            routes.logger.error("cannot reload the fleet: \(error); still answering from the last good state")
        }
    }

    /// Each marker a Windows host's folder holds that would move it forward, in autorun's order.
    func followMarkers() async {
        let snapshot = routes.view.snapshot
        for record in snapshot.hosts where [.armed, .booting, .installing, .installed].contains(record.state) {
            guard let profile = snapshot.profiles[record.host.profile], profile.os.isWindows else { continue }
            var lifecycle = record.lifecycle
            for mac in record.host.macs {
                let folder = "\(snapshot.site.share.target)/\(mac.dashed)/status/"
                // One stat for most hosts: no status folder, nothing to read (and no error object built).
                guard FileManager.default.fileExists(atPath: folder),
                      let present = try? FileManager.default.contentsOfDirectory(atPath: folder), !present.isEmpty else { continue }
                for event in Self.markers where present.contains(event.rawValue) {
                    guard let next = try? lifecycle.applying(event, retries: snapshot.site.installRetries) else { continue }
                    lifecycle = next
                    let detail = (try? String(contentsOfFile: folder + event.rawValue, encoding: .utf8))?
                        .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                    await routes.take(event, mac: mac, message: String(detail.prefix(200)), source: "share marker")
                }
            }
        }
    }
}
