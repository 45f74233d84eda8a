import Fleet
import OperatingSystem

/// The site's state folder (`site.state`): the inventory, the site key, the lock.
struct StateFolder {
    let path: String

    /// Refuses a path that exists and is not a folder.
    init(_ site: Site) throws(FleetError) {
        path = site.stateDirectory
        if LocalFile.isFolder(path) == false { throw refusal("is not a folder") }
    }

    var exists: Bool { LocalFile.isFolder(path) == true }

    /// The lock on the folder, made first when `create` is set. A folder that cannot hold it is the
    /// fleet file's `site.state` to fix; one held longer than `limit` seconds is `Deferred`.
    func lock(create: Bool, waitingAtMost limit: Double?) throws -> StateLock {
        do {
            if create { try LocalFile.makeDirectory(path) }
            return try StateLock(directory: path, waitingAtMost: limit)
        } catch let busy as StateLock.Busy {
            throw Deferred("another run (an apply or a host command) holds \(busy.path) for longer than \(limit ?? 0) s")
        } catch {
            throw refusal("cannot hold the inventory and its lock: \(error)")
        }
    }

    func refusal(_ rule: String) -> FleetError {
        FleetError(ValidationIssue(field: "site.state", value: path, rule: rule + " (the state folder holds the inventory, the site key and the lock)"))
    }
}
