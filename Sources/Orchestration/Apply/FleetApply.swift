import Fleet
import Inventory
import Publish
import Render

/// `zerotouch plan` and `apply`: brings the inventory and every root in line with the fleet file.
public struct FleetApply {
    let session: SiteSession

    public init(session: SiteSession) {
        self.session = session
    }

    /// What `apply` would do now. Reads only. `full`: as `run`'s.
    public func plan(full: Bool = false) throws -> ApplyPlan {
        try session.located {
            let plan = try ApplyPlanner(session: session).plan(inventory: session.existingInventory(), full: full)
            session.file.keepSnapshot()
            return plan
        }
    }

    /// Applies the plan. Refuses, writing nothing, when the plan has conflicts (files ZeroTouch did
    /// not write) unless `adopt` is set. When the DHCP files change, the daemon is told once
    /// (`restartDHCP`: ISC dhcpd may be restarted). `full`: render every host and compare every file
    /// with its root, not only what changed since the last apply (for files changed or removed behind
    /// ZeroTouch's back).
    ///
    /// A site with state is planned under the lock. A first apply plans before the state folder
    /// exists, so that a refusal leaves nothing behind, and plans again under the lock only when
    /// another first apply got there meanwhile.
    public func run(adopt: Bool = false, restartDHCP: Bool = false, full: Bool = false) throws -> ApplyPlan {
        try session.located {
            let planner = ApplyPlanner(session: session)
            let publisher = SitePublisher(session: session)
            var early: ApplyPlan?
            if try !StateFolder(session.site).exists {
                let plan = try planner.plan(inventory: nil, full: full)
                // Conflicts seen while another first apply made the state folder may be its files,
                // not in its manifest yet: they are looked at again under the lock.
                if try !StateFolder(session.site).exists { try publisher.refuse(plan.conflicts, adopt: adopt) }
                if plan.isEmpty && !plan.rendering.needsRecord {
                    session.file.keepSnapshot()
                    return plan
                }
                early = plan
            }
            return try session.changing { locked in
                var plan = try early.flatMap { locked.othersWereFirst || !$0.conflicts.isEmpty ? nil : $0 }
                    ?? planner.plan(inventory: session.existingInventory(), full: full)
                session.file.keepSnapshot()
                try publisher.refuse(plan.conflicts, adopt: adopt)
                if plan.isEmpty && !plan.rendering.needsRecord {
                    plan.notices = locked.notices
                    return plan
                }
                try publisher.record(plan.hostChanges, in: try locked.inventory())
                for root in PublishRoot.allCases {
                    try publisher.publish(plan.fileChanges.filter { $0.root == root && $0.isChange }, root: root, inventory: try locked.inventory())
                }
                try recordRendering(plan, in: try locked.inventory())
                plan.notices = locked.notices + (try DHCPReservations(session: session).notify(plan.fileChanges, restart: restartDHCP))
                return plan
            }
        }
    }

    /// Records what `plan` rendered, once published: those hosts' files are current, with its inputs.
    /// In the same transaction as the records are read, so a host the boot server moved on meanwhile
    /// stays out of date.
    func recordRendering(_ plan: ApplyPlan, in inventory: any InventoryStore) throws {
        let rendering = plan.rendering
        guard let inputs = rendering.inputs, rendering.needsRecord else { return }
        try inventory.write("record which hosts' files are current") { transaction in
            let records = try transaction.hosts(primaryMACs: rendering.everyHost ? nil : Array(rendering.hosts.keys))
            let current = records.filter { record in
                guard let rendered = rendering.hosts[record.host.primaryMAC] else { return false }
                return rendered.host == record.host && rendered.filesMode == record.lifecycle.armedMode
            }
            try transaction.markFilesCurrent(current.map(\.id), inputs: inputs, dhcpInputs: rendering.dhcpInputs)
        }
    }
}
