namespace UserDataFeed.Core.Planning;

/// <summary>
/// What a planning counts as it decides: each user's kind of change (or none), the misses that do not deactivate yet,
/// and the active users the feed manages (whom the hold judges against). The plan's counts and its number of changes
/// are read from here.
/// </summary>
internal sealed class PlanTally
{
    public int Created { get; private set; }

    public int Updated { get; private set; }

    public int Unchanged { get; private set; }

    public int Deactivated { get; private set; }

    public int Reactivated { get; private set; }

    /// <summary>Users absent before the grace period's last file: written (one more file missed), counted apart from the updates.</summary>
    public int PendingDeactivation { get; private set; }

    /// <summary>The active users the feed manages (<see cref="ImportPlanner.ManagedByTheFeed"/>).</summary>
    public int ActiveManaged { get; private set; }

    /// <summary>The changes the plan writes: every kind, and the misses.</summary>
    public int Changes => Created + Updated + Reactivated + Deactivated + PendingDeactivation;

    public void Change(ChangeKind kind) => _ = kind switch
    {
        ChangeKind.Create => Created++,
        ChangeKind.Reactivate => Reactivated++,
        ChangeKind.Deactivate => Deactivated++,
        _ => Updated++,
    };

    public void NoChange() => Unchanged++;

    public void Miss() => PendingDeactivation++;

    public void Managed() => ActiveManaged++;
}
