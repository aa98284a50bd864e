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

    /// <summary>A user's state for comparing outcomes: everything but the id and the timestamps (new users' ids are random).</summary>
    public static string Content(UserRecord user) => Scenario.Describe(user) + $" email-as-written={user.Email}";
}
