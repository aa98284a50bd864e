using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Tenants;

namespace UserDataFeed.Service.Scim;

/// <summary>
/// The SCIM stream's safety hold: no SCIM client deactivates more than the tenant's <see cref="Tenant.Hold"/> of its
/// active users within the rolling <see cref="Tenant.ScimHoldWindow"/> without an admin's approval
/// (<see cref="ImportPlanner.StreamHold"/>). The Users write path asks <see cref="AdmitAsync"/> before it writes a
/// deactivation; an admin sees and decides the waiting ones through <see cref="ListAsync"/> and <see cref="DecideAsync"/>.
/// A request costs two point reads (made at once) and one conditional write; the active users are counted at most once
/// an hour per tenant (<see cref="ScimHoldStore.CountActiveUsersAsync"/>) and kept with the window.
/// </summary>
public sealed class ScimDeactivationHold(ScimHoldStore store, TimeProvider time)
{
    /// <summary>How long the count of active users the threshold is a share of is used before it is counted again.</summary>
    public static readonly TimeSpan ActiveUsersCountedEvery = TimeSpan.FromHours(1);

    /// <summary>The longest <c>Retry-After</c> a held deactivation gets, so a client comes back soon after an admin approved it.</summary>
    public static readonly TimeSpan RetryAfterAtMost = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan RetryAfterAtLeast = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether <paramref name="deactivation"/> may be written now. Admitted counts it in the window (unless an admin
    /// approved this user's deactivation: not counted), so call it only for a change that deactivates the user, right
    /// before writing it; a write that fails afterwards leaves it counted (a count too many, never too few).
    /// Concurrent calls are serialised by the window's ETag: they never admit more than the threshold allows together.
    /// </summary>
    public async Task<ScimHoldAnswer> AdmitAsync(Tenant tenant, ScimDeactivation deactivation, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deactivation.UserId);
        int? counted = null;
        while (true)
        {
            var now = time.GetUtcNow();
            var entryRead = store.GetEntryAsync(tenant.TenantId, deactivation.UserId, ct);
            var windowRead = store.GetWindowAsync(tenant.TenantId, ct);
            var (entry, row) = (await entryRead, await windowRead);
            if (entry is not null && entry.Decided(ScimHoldState.Approved, now))
            {
                return ScimHoldAnswer.Admitted.Instance;
            }

            if (entry is not null && entry.Decided(ScimHoldState.Rejected, now))
            {
                return new ScimHoldAnswer.Refused(
                    $"An admin rejected deactivating this user ({entry.Email}); the rejection stands until {entry.Until:O} unless an admin approves it.");
            }

            var fresh = row.ActiveCountedAt is { } at && now - at < ActiveUsersCountedEvery && row.ActiveUsers is not null;
            if (!fresh)
            {
                counted ??= await store.CountActiveUsersAsync(tenant.TenantId, ct);
                row = row with { ActiveUsers = counted, ActiveCountedAt = now };
            }

            var window = tenant.ScimHoldWindow;
            var reason = ImportPlanner.StreamHold(row.Window.CountAt(now, window), row.ActiveUsers!.Value, tenant.Hold, window);
            if (reason is null)
            {
                if (!await store.TrySaveWindowAsync(tenant.TenantId, row with { Window = row.Window.Admit(now, window) }, ct))
                {
                    continue; // another request changed the window since it was read: decide again on what it holds now
                }

                if (entry is not null)
                {
                    await store.TryDeleteEntryAsync(tenant.TenantId, entry, ct); // no longer waiting (or an expired decision); a change since is left
                }

                return ScimHoldAnswer.Admitted.Instance;
            }

            var waiting = entry is { State: ScimHoldState.Waiting }
                ? entry with { Email = deactivation.Email, TokenId = deactivation.TokenId, Operation = deactivation.Operation, LastAskedAt = now, Asks = entry.Asks + 1 }
                : new ScimHoldEntry(deactivation.UserId, deactivation.Email, deactivation.TokenId, deactivation.Operation, ScimHoldState.Waiting, now, now, 1);
            if (!await store.TryPutEntryAsync(tenant.TenantId, waiting, entry, ct))
            {
                continue; // an admin decided (or another retry asked) since it was read
            }

            if (!fresh)
            {
                await store.TrySaveWindowAsync(tenant.TenantId, row, ct); // keep the new count; a request that changed the window since kept its own
            }

            return new ScimHoldAnswer.Held(reason, RetryAfter(row.Window, now, window));
        }
    }

    /// <summary>The entries an admin sees (waiting ones and decisions that stand) and the window's counts, counting the active users if the count is stale.</summary>
    public async Task<ScimHoldView> ListAsync(Tenant tenant, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var row = await store.GetWindowAsync(tenant.TenantId, ct);
        if (row.ActiveCountedAt is not { } at || now - at >= ActiveUsersCountedEvery || row.ActiveUsers is null)
        {
            row = row with { ActiveUsers = await store.CountActiveUsersAsync(tenant.TenantId, ct), ActiveCountedAt = now };
            await store.TrySaveWindowAsync(tenant.TenantId, row, ct);
        }

        var entries = await store.ListEntriesAsync(tenant.TenantId, ct);
        var shown = entries.Where(e => e.State == ScimHoldState.Waiting || e.Until > now).OrderBy(e => e.State).ThenBy(e => e.FirstAskedAt).ToList();
        return new ScimHoldView(shown, row.Window.CountAt(now, tenant.ScimHoldWindow), row.ActiveUsers!.Value, row.ActiveCountedAt!.Value);
    }

    /// <summary>
    /// Approves (or rejects) the deactivations of <paramref name="userIds"/> (null: every waiting one) until a window from
    /// now, by <paramref name="decidedBy"/>. Null when a user named has no entry (nothing is decided then): those ids in
    /// <paramref name="unknown"/>. An approved user's next deactivation is admitted without counting; a rejected one's refused.
    /// </summary>
    public async Task<IReadOnlyList<ScimHoldEntry>?> DecideAsync(
        Tenant tenant, IReadOnlyCollection<string>? userIds, ScimHoldState decision, string decidedBy, List<string> unknown, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var entries = (await store.ListEntriesAsync(tenant.TenantId, ct)).ToDictionary(e => e.UserId, StringComparer.Ordinal);
        unknown.AddRange(userIds?.Where(id => !entries.ContainsKey(id)) ?? []);
        if (unknown.Count > 0)
        {
            return null;
        }

        var chosen = userIds is null
            ? [.. entries.Values.Where(e => e.State == ScimHoldState.Waiting)]
            : userIds.Distinct(StringComparer.Ordinal).Select(id => entries[id]).ToList();
        var decided = new List<ScimHoldEntry>();
        foreach (var read in chosen)
        {
            var entry = read;
            while (true)
            {
                var made = entry with { State = decision, DecidedAt = now, DecidedBy = decidedBy, Until = now + tenant.ScimHoldWindow };
                if (await store.TryPutEntryAsync(tenant.TenantId, made, entry, ct))
                {
                    decided.Add(made);
                    break;
                }

                // A client's retry asked again since the list was read (or it was admitted and the entry is gone).
                if (await store.GetEntryAsync(tenant.TenantId, entry.UserId, ct) is not { } again)
                {
                    break;
                }

                entry = again;
            }
        }

        return decided;
    }

    private static TimeSpan RetryAfter(DeactivationWindow admitted, DateTimeOffset now, TimeSpan window)
    {
        var wait = admitted.UntilOldestLeaves(now, window) ?? RetryAfterAtLeast;
        var clamped = wait < RetryAfterAtLeast ? RetryAfterAtLeast : wait > RetryAfterAtMost ? RetryAfterAtMost : wait;
        return TimeSpan.FromSeconds(Math.Ceiling(clamped.TotalSeconds));
    }
}

/// <summary>What an admin sees: the entries, and the window's admitted deactivations against the active users counted at <see cref="ActiveCountedAt"/>.</summary>
public sealed record ScimHoldView(IReadOnlyList<ScimHoldEntry> Entries, int AdmittedInWindow, int ActiveUsers, DateTimeOffset ActiveCountedAt);
