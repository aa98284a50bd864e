using System.Buffers.Binary;
using System.IO.Hashing;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// What a planning gives once it has decided: the changes and the summaries, made on demand from the
/// per-row decisions (and the file read again) each time they are enumerated.
/// </summary>
internal sealed partial class PlanRun
{
    /// <summary>
    /// The plan's changes, in row order and then the users the file does not list: the changed rows' users are made
    /// again from the file. The first <paramref name="skip"/> are passed over without being made.
    /// </summary>
    private IEnumerable<UserChange> MakeChanges(int skip)
    {
        if (Array.Exists(rowChanges, c => c != 0))
        {
            // What a merge writes is the same for every row of the file: the values of the mapping's fields.
            var mergedValues = RowMergedValues();
            string[] mergedFieldKeys = [.. layout.CustomFields.Select(f => f.Key)];
            foreach (var (i, raw) in file.ReadAgain())
            {
                if (rowChanges[i] == 0 || skip-- > 0)
                {
                    continue;
                }

                var kind = (ChangeKind)(rowChanges[i] - 1);
                var row = file.Rows[i];
                var links = LinkManagers(row, issues: null, []);
                var derived = row.Derived;
                var parsed = ImportPlanner.ParseValues(raw, layout);
                if (matched[i] < 0)
                {
                    yield return new UserChange(kind, Apply(parsed, null, links, derived, NewUserId(i)));
                    continue;
                }

                var existing = users[matched[i]];
                if (existing.Record is null)
                {
                    // A merge: the placeholders of the unread user (id, creation, platform roles) are not written.
                    var user = Apply(parsed, null, links, derived, newUserId: "") with
                    {
                        CreatedBy = existing.Summary.FeedCreated ? CreatedBy.Feed : CreatedBy.Platform,
                    };
                    yield return new UserChange(kind, user) { MergedValues = mergedValues, MergedFieldKeys = mergedFieldKeys };
                }
                else
                {
                    var user = Apply(parsed, existing.Record, links, derived, newUserId: null);
                    yield return new UserChange(kind, user with { UpdatedAt = now }, existing.Key == row.EmailKey ? null : existing.Key);
                }
            }
        }

        foreach (var change in absenceChanges.Skip(Math.Max(0, skip)))
        {
            yield return change;
        }
    }

    /// <summary>Every user's summary once the plan is applied: the rows' users, then the users no row that applies took over.</summary>
    private IEnumerable<UserSummary> MakeSummaries()
    {
        for (var i = 0; i < rowHashes.Length; i++)
        {
            if (!failed[i])
            {
                yield return keepsSummary[i] ? users[matched[i]].Summary : RowSummary(i);
            }
        }

        for (var u = 0; u < users.Count; u++)
        {
            var summary = users[u].Summary;
            switch (userOutcomes[u])
            {
                case UserOutcome.Kept:
                    yield return summary;
                    break;
                case UserOutcome.ChangedByAbsence:
                    var absent = summary.FeedCreated && summary.Active;
                    yield return summary with { Active = !absent && summary.Active, DerivedManager = file.ListedManagers.Contains(summary.EmailKey), InputHash = 0 };
                    break;
            }
        }
    }

    /// <summary>The summary a row that applies gives its user (created, merged into, or compared with its record).</summary>
    private UserSummary RowSummary(int i)
    {
        var row = file.Rows[i];
        UserSummary? existing = matched[i] < 0 ? null : users[matched[i]].Summary;
        var externalId = ByExternalId ? row.ExternalId : existing?.ExternalId;
        return new UserSummary(row.EmailKey!, externalId, existing?.FeedCreated ?? true, row.Active, row.Derived, rowHashes[i]);
    }

    /// <summary>Every value a row decides (those of its mapping's fields), merged into a user the plan did not read.</summary>
    private UserValues RowMergedValues() =>
        UserValues.Identity | UserValues.Status | UserValues.DerivedManager
        | (ByExternalId ? UserValues.ExternalId : UserValues.None)
        | (layout.Roles >= 0 ? UserValues.FeedRoles : UserValues.None)
        | (layout.Managers >= 0 ? UserValues.Managers : UserValues.None)
        | (layout.CustomFields.Count > 0 ? UserValues.CustomFields : UserValues.None);

    /// <summary>A user the file does not list: deactivated for absence, or only their derived Manager role changes.</summary>
    private UserChange AbsenceChange(UserState user, bool absent, bool derivedNow)
    {
        var kind = absent ? ChangeKind.Deactivate : ChangeKind.Update;
        if (user.Record is { } record)
        {
            var next = record with { DerivedManager = derivedNow, UpdatedAt = now };
            return new UserChange(kind, absent ? next with { Active = false, DeactivatedForAbsence = true } : next);
        }

        var merged = new UserRecord
        {
            UserId = "",
            Email = user.Key,
            FirstName = "",
            LastName = "",
            Active = !absent && user.Summary.Active,
            DeactivatedForAbsence = absent,
            ExternalId = user.Summary.ExternalId,
            DerivedManager = derivedNow,
            CreatedBy = user.Summary.FeedCreated ? CreatedBy.Feed : CreatedBy.Platform,
            UpdatedAt = now,
        };
        return new UserChange(kind, merged) { MergedValues = (absent ? UserValues.Status : UserValues.None) | UserValues.DerivedManager };
    }

    private UserRecord Apply(ParsedRow row, UserRecord? existing, List<string>? links, bool derived, string? newUserId)
    {
        var fields = existing?.CustomFields ?? UserRecord.EmptyFields;
        if (layout.CustomFields.Count > 0)
        {
            var updated = new Dictionary<string, string>(fields, StringComparer.Ordinal);
            foreach (var (key, index) in layout.CustomFields)
            {
                var value = row.Values[index];
                if (value.Length == 0)
                {
                    updated.Remove(key);
                }
                else
                {
                    updated[key] = value;
                }
            }

            fields = updated;
        }

        return new UserRecord
        {
            UserId = existing?.UserId ?? newUserId!,
            Email = row.Email!,
            FirstName = row.FirstName,
            LastName = row.LastName,
            Active = row.Active,
            DeactivatedForAbsence = false,
            ExternalId = ByExternalId ? row.ExternalId : existing?.ExternalId,
            CustomFields = fields,
            PlatformRoles = existing?.PlatformRoles ?? Roles.None,
            FeedRoles = layout.Roles >= 0 ? row.FeedRoles : existing?.FeedRoles ?? Roles.None,
            DerivedManager = derived,
            Managers = links is null ? existing?.Managers ?? [] : [.. links],
            CreatedBy = existing?.CreatedBy ?? CreatedBy.Feed,
            CreatedAt = existing?.CreatedAt ?? now,
            UpdatedAt = existing?.UpdatedAt ?? now,
        };
    }

    /// <summary>A new user's id: random per plan, the same each time the plan's changes are made.</summary>
    private string NewUserId(int index)
    {
        Span<byte> input = stackalloc byte[20];
        userIdSeed.TryWriteBytes(input);
        BinaryPrimitives.WriteInt32LittleEndian(input[16..], index);
        return new Guid(XxHash128.Hash(input)).ToString("N");
    }
}
