/// What a timeline entry records.
public enum HostEventKind: String, Sendable, Codable, CaseIterable {
    /// The host entered the inventory (from the file, the command line or an import).
    case registered
    /// Its record changed in the fleet file.
    case changed
    /// `host mode` set its mode.
    case mode
    /// `host arm` armed it again.
    case armed
    /// Its install moved on (a callback, a share marker).
    case lifecycle
    /// It left the inventory.
    case removed
    /// Something its install reported that moves no state (the drivers added, a set that failed).
    case note
}
