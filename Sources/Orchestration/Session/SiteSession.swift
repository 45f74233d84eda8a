public import Fleet
import Foundation
import Inventory
import OperatingSystem
import Publish
import Render

/// One site as a command sees it: the fleet file read once, the environment given once, its one secret
/// resolver, its share connection and its site key. Reads go through it directly; a change runs inside
/// `changing`, whose closure is the lifetime of the state lock. Use cases (`Apply`, `HostCommands`,
/// `Lifecycle`, …) are small types over a session. Not for concurrent use: one per thread.
public final class SiteSession {
    public let file: FleetFile
    /// Where `*_env` secrets are read, through `secrets`; nothing in a session reads the process's own.
    let secrets: SecretResolver
    /// How long a change waits for the state lock and the inventory when someone else holds them, in
    /// seconds, before it is `Deferred`; `nil` waits as long as it takes (the command line).
    public let waitLimit: Double?
    /// Opened at the first use, then reused for the session's life.
    private var share: (any PublishTarget)?
    /// The saved site key, or before the first write a new one that `changing` saves, so files
    /// rendered before the lock stay valid after it; `saved` once it is the site's.
    private var key: (value: SiteKey, saved: Bool)?

    public init(file: FleetFile, environment: [String: String], waitLimit: Double? = nil) {
        self.file = file
        secrets = SecretResolver(environment: environment)
        self.waitLimit = waitLimit
    }

    public var config: FleetConfig { file.config }
    var site: Site { file.config.site }

    /// Runs `body`, placing its refusals where their fields are written in the fleet file: most are
    /// found while rendering (a missing base or secret), after the file itself was read.
    func located<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as FleetError {
            throw config.located(error)
        }
    }

    func target(_ root: PublishRoot) throws -> any PublishTarget {
        switch root {
        case .tftp: return LocalDirectory(root: site.tftpRoot)
        case .http: return LocalDirectory(root: site.httpRoot)
        case .dhcp: return LocalDirectory(root: "/")
        case .share:
            if let share { return share }
            let opened = try ShareConnection.target(site.share, secrets: secrets)
            share = opened
            return opened
        }
    }

    /// The inventory for reading, when it exists; `nil` before the first apply. Read-only, so asking
    /// creates nothing and changes nothing.
    func existingInventory() throws -> (any InventoryStore)? {
        guard try StateFolder(site).exists else { return nil }
        return LocalFile.exists(file.databasePath) ? try InventoryDatabase(path: file.databasePath, readOnly: true) : nil
    }

    /// Runs `body` holding the state lock; the lock goes when `body` returns. Makes the state folder
    /// and saves the site key first, then removes what a run killed while writing left behind (said
    /// in `notices`). The inventory is opened for writing when `body` first asks for it.
    func changing<T>(_ body: (LockedSite) throws -> T) throws -> T {
        let folder = try StateFolder(site)
        let lock = try folder.lock(create: true, waitingAtMost: waitLimit)
        let mine = try siteKey()
        var keyChanged = false
        if key?.saved == false {
            // Another run may have saved a key of its own since this one made `mine`: theirs is the site's.
            let theirs = try mine.save(in: site.stateDirectory) ? nil : try SiteKey.stored(in: site.stateDirectory)
            keyChanged = theirs.map { !$0.same(as: mine) } ?? false
            key = (theirs ?? mine, true)
        }
        let locked = LockedSite(othersWereFirst: keyChanged) { [file, waitLimit] in
            do {
                return try InventoryDatabase(path: file.databasePath, busyTimeout: waitLimit)
            } catch let error as InventoryError where error.isTransient {
                throw Deferred("\(error)")
            }
        }
        locked.notices += try InterruptedWrites(stateDirectory: site.stateDirectory).clean { try target($0) }
        return try withExtendedLifetime(lock) { try body(locked) }
    }

    /// The site key (loaded once), or a new one while the site has none.
    func siteKey() throws -> SiteKey {
        if let key { return key.value }
        let stored = try SiteKey.stored(in: site.stateDirectory)
        let loaded = stored ?? .random()
        key = (loaded, stored != nil)
        return loaded
    }

    /// The saved site key, for commands that check or hand out tokens: they must not make one.
    func savedSiteKey() throws -> SiteKey {
        guard let saved = try SiteKey.stored(in: site.stateDirectory) else {
            throw OrchestrationError("the site key (\(site.stateDirectory)/site.key) is missing; run 'zerotouch apply' to create it")
        }
        return saved
    }
}
