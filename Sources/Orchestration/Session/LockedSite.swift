import Inventory

/// What a change holds while `SiteSession.changing` runs it: the inventory for writing, and the
/// notices the change gathers for its result (a killed run's leftovers removed, the DHCP daemon told).
final class LockedSite {
    /// Another run saved the site key after this one rendered with a new key of its own (both started
    /// before the site had state): what this one rendered without the lock must be rendered again.
    let othersWereFirst: Bool
    var notices: [String] = []
    private let open: () throws -> any InventoryStore
    private var opened: (any InventoryStore)?

    init(othersWereFirst: Bool, open: @escaping () throws -> any InventoryStore) {
        self.othersWereFirst = othersWereFirst
        self.open = open
    }

    /// The inventory open for writing, created when the site has none. Opened at the first call: a
    /// change that turns out to change nothing leaves the file as it was.
    func inventory() throws -> any InventoryStore {
        if let opened { return opened }
        let inventory = try open()
        opened = inventory
        return inventory
    }
}
