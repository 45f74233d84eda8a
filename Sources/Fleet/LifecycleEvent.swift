/// What a host's installer, WinPE or freshly installed system reports to the boot server
/// (`POST /api/v1/hosts/{mac}/events`, or a status marker on the share).
public enum LifecycleEvent: String, CaseIterable, Sendable {
    /// The host fetched its boot script (the server records this itself on `/boot?mac=`).
    case booting
    /// The installer or WinPE began: from here the host boots locally, so it never reinstalls in a loop.
    case started
    /// The image is on the disk (WinPE's `apply-image` step).
    case applied
    /// The installer finished (kickstart `%post`, autorun.bat's last step).
    case done
    /// The installed system booted for the first time and called back (Windows first logon, ESXi `%firstboot`).
    case ready
    case failed

    /// The state this event moves a host to.
    public var target: HostState {
        switch self {
        case .booting: .booting
        case .started: .installing
        case .applied, .done: .installed
        case .ready: .ready
        case .failed: .failed
        }
    }
}
