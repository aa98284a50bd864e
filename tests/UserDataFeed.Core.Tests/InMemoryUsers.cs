using UserDataFeed.Core.Planning;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Tests;

/// <summary>
/// A tenant's users as a store holds them (one per email key), with a plan's changes applied as the runner
/// writes them: each change is the user's full new state (plans against full records make no merges), and a
/// change with <see cref="UserChange.PreviousEmail"/> moves the user from that key.
/// </summary>
internal static class InMemoryUsers
{
    public static List<UserRecord> Apply(IEnumerable<UserRecord> users, ImportPlan plan)
    {
        var byKey = users.ToDictionary(u => EmailAddress.Normalize(u.Email), StringComparer.Ordinal);
        var order = byKey.Keys.ToList();
        foreach (var change in plan.Changes)
        {
            if (change is UserChange.Patch)
            {
                throw new InvalidOperationException($"A plan against full records patched {change.Email}.");
            }

            var key = EmailAddress.Normalize(change.User.Email);
            if (change.PreviousEmail is { } previous)
            {
                var old = EmailAddress.Normalize(previous);
                if (!byKey.Remove(old))
                {
                    throw new InvalidOperationException($"A change moves {previous}, who is not a user.");
                }

                order.Remove(old);
            }

            if (change.Kind == ChangeKind.Create ? byKey.ContainsKey(key) : !byKey.ContainsKey(key) && change.PreviousEmail is null)
            {
                throw new InvalidOperationException($"A {change.Kind} of {change.User.Email} does not fit the users.");
            }

            if (!byKey.ContainsKey(key))
            {
                order.Add(key);
            }

            byKey[key] = change.User;
        }

        return [.. order.Select(k => byKey[k])];
    }

    /// <summary>
    /// The users after <paramref name="changes"/> are written in order, patches too: a create or a replace writes the user's
    /// full state (moving a renamed user from their previous key), a patch is merged into the user of its key as
    /// <see cref="Merge"/> does.
    /// </summary>
    public static List<UserRecord> ApplyChanges(IEnumerable<UserRecord> users, IEnumerable<UserChange> changes)
    {
        var byKey = new Dictionary<string, UserRecord>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var user in users)
        {
            var key = EmailAddress.Normalize(user.Email);
            if (byKey.TryAdd(key, user))
            {
                order.Add(key);
            }

            byKey[key] = user;
        }

        foreach (var change in changes)
        {
            var key = EmailAddress.Normalize(change.Email);
            switch (change)
            {
                case UserChange.Patch { Values: var values }:
                    // The store merges with ETag "*": a patch of a user who is not there fails the transaction.
                    byKey[key] = byKey.TryGetValue(key, out var stored)
                        ? Merge(stored, values)
                        : throw new InvalidOperationException($"A patch of {change.Email}, who is not a user.");
                    continue;
                case UserChange.Replace { PreviousEmail: { } previous }:
                    var old = EmailAddress.Normalize(previous);
                    if (!byKey.Remove(old))
                    {
                        throw new InvalidOperationException($"A change moves {previous}, who is not a user.");
                    }

                    order.Remove(old);
                    break;
            }

            if (!byKey.ContainsKey(key))
            {
                order.Add(key);
            }

            byKey[key] = change.User;
        }

        return [.. order.Select(k => byKey[k])];
    }

    /// <summary>
    /// A patch merged into a stored user as the Tables store does it, mirrored here (the merge lives in the adapter):
    /// <c>UserEntities.PatchOf</c> writes only the values the patch sets, and UpdatedAt, as properties an
    /// <c>UpdateMerge</c> overwrites; <c>UserEntities.ToRecord</c> reads them back, so an empty external id, manager
    /// list, group list or custom field reads as none, a cleared date reads as none and a date's instant comes back in UTC.
    /// A status is written with its reason.
    /// </summary>
    public static UserRecord Merge(UserRecord stored, UserPatch patch)
    {
        var user = stored with { UpdatedAt = patch.UpdatedAt };
        if (patch.Names is var (firstName, lastName))
        {
            user = user with { Email = patch.Email, FirstName = firstName, LastName = lastName };
        }

        if (patch.Status is { } status)
        {
            user = user with { InactiveBecause = status };
        }

        if (patch.MissedFiles is { } missedFiles)
        {
            user = user with { MissedFiles = missedFiles, MissedInImport = patch.MissedInImport };
        }

        if (patch.ExternalId is { } externalId)
        {
            user = user with { ExternalId = externalId.Length > 0 ? externalId : null };
        }

        if (patch.FeedRoles is { } feedRoles)
        {
            user = user with { FeedRoles = feedRoles };
        }

        if (patch.DerivedManager is { } derivedManager)
        {
            user = user with { DerivedManager = derivedManager };
        }

        if (patch.Managers is { } managers)
        {
            user = user with { Managers = ReadBack(managers) };
        }

        if (patch.Dates is { } dates)
        {
            user = user with
            {
                StartDate = dates.WritesStart ? ReadBack(dates.Start) : user.StartDate,
                EndDate = dates.WritesEnd ? ReadBack(dates.End) : user.EndDate,
                AwaitingStart = dates.AwaitingStart,
            };
        }

        if (patch.FeedGroups is { } groups)
        {
            user = user with { FeedGroups = ReadBack(groups) };
        }

        if (patch.CustomFields is { } fields)
        {
            var merged = new Dictionary<string, string>(user.CustomFields, StringComparer.Ordinal);
            foreach (var (key, value) in fields)
            {
                if (value.Length > 0)
                {
                    merged[key] = value;
                }
                else
                {
                    merged.Remove(key); // an empty property reads as no field
                }
            }

            user = user with { CustomFields = merged };
        }

        return user;
    }

    /// <summary>A list stored joined by '|' and read back split, an empty one as none.</summary>
    private static IReadOnlyList<string> ReadBack(IReadOnlyList<string> values) =>
        string.Join('|', values) is { Length: > 0 } joined ? joined.Split('|') : [];

    /// <summary>A date stored as its text and UTC ticks ("" and 0 when cleared) and read back.</summary>
    private static UserDate? ReadBack(UserDate? date) =>
        date is { Text.Length: > 0 } && date.At.UtcTicks > 0 ? new UserDate(date.Text, new DateTimeOffset(date.At.UtcTicks, TimeSpan.Zero)) : null;

    /// <summary>A user's state for comparing outcomes: everything but the id and the timestamps (new users' ids are random).</summary>
    public static string Content(UserRecord user) => Scenario.Describe(user) + $" email-as-written={user.Email}";
}
