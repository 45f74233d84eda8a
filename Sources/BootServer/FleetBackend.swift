import Fleet
import Inventory
import Orchestration

/// What the boot server needs from the world behind it: the fleet as it is, the events it records,
/// the share's markers, and whether a callback's token is right. `LifecycleRecorder` is the real one
/// (the inventory, the fleet file, the roots); routes are tested against one kept in memory.
protocol FleetBackend: Sendable {
    /// Records `event` for the host with `mac`, publishing its new files first; throws
    /// `LifecycleRefusal` for an event out of order and `Deferred` when it cannot be done now.
    func record(_ event: LifecycleEvent, mac: MACAddress, message: String, source: String) async throws -> LifecycleChange
    /// A new snapshot when something behind the server changed since the last look, else `nil`.
    func snapshotIfChanged() async throws -> FleetView.Snapshot?
    /// The markers autorun.bat left on the share for each of `macs` that has any.
    func statusMarkers(of macs: [MACAddress]) async throws -> [MACAddress: StatusMarkers.Found]
    /// Puts a note in the host's timeline unless the same one is there; whether it was written.
    func note(_ marker: String, mac: MACAddress, message: String, source: String) async throws -> Bool
    /// The host's timeline, oldest first.
    func events(of mac: MACAddress) async throws -> [HostEvent]
    /// Whether `presented` is the callback token of the host whose primary NIC is `mac`.
    func accepts(token presented: Substring, for mac: MACAddress) -> Bool
}
