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
        if (Array.Exists(verdicts, v => v.Kind is not null))
        {
            foreach (var (i, raw) in file.ReadAgain())
            {
                if (verdicts[i].Kind is not { } kind || skip-- > 0)
                {
                    continue;
                }

                var row = file.Rows[i];
                var links = LinkManagers(row, issues: null, []);
                var parsed = ImportPlanner.ParseValues(raw, layout);
                if (matched[i] < 0)
                {
                    yield return new UserChange.Create(ImportPlanner.NewState(parsed, null, verdicts[i].Status, links, DerivedRole(i), layout, now, NewUserId(i))) { Row = row.Row };
                }
                else if (users.Record(matched[i]) is not { } record)
                {
                    yield return new UserChange.Patch(kind, RowPatch(parsed, verdicts[i].Status, links, DerivedRole(i))) { Row = row.Row };
                }
                else
                {
                    var user = ImportPlanner.NewState(parsed, record, verdicts[i].Status, links, DerivedRole(i), layout, now, newUserId: null) with { UpdatedAt = now };
                    var key = users.Summary(matched[i]).EmailKey;
                    yield return new UserChange.Replace(kind, user, key == row.EmailKey ? null : key) { FormerFeedGroups = record.FeedGroups, Former = record, Row = row.Row };
                }
            }
        }

        foreach (var (user, verdict) in unlistedVerdicts.Skip(Math.Max(0, skip)))
        {
            yield return UnlistedChange(user, verdict);
        }
    }

    /// <summary>The change a verdict makes to a user the file does not list: their whole record when it was read, else a patch.</summary>
    private UserChange UnlistedChange(int user, UnlistedVerdict verdict) => users.Record(user) is { } record
        ? new UserChange.Replace(verdict.Kind, verdict.ApplyTo(record, policy.ImportId, now)) { Former = record, Cause = verdict.Cause }
        : new UserChange.Patch(verdict.Kind, verdict.ToPatch(users.Summary(user).EmailKey, policy.ImportId, now)) { Cause = verdict.Cause };

    /// <summary>Every user's summary once the plan is applied: the rows' users, then the users no row that applies took over.</summary>
    private IEnumerable<UserSummary> MakeSummaries()
    {
        for (var i = 0; i < rowHashes.Length; i++)
        {
            if (!failed[i])
            {
                yield return keepsSummary[i] ? users.Summary(matched[i]) : RowSummary(i);
            }
        }

        var next = 0;
        for (var u = 0; u < users.Count; u++)
        {
            var summary = users.Summary(u);
            if (next < unlistedVerdicts.Count && unlistedVerdicts[next].User == u)
            {
                yield return unlistedVerdicts[next++].Verdict.ToSummary(summary);
            }
            else if (!marks[u].HasFlag(UserMarks.TakenOver))
            {
                yield return summary;
            }
        }
    }

    /// <summary>The summary a row that applies gives its user (created, patched, or compared with its record).</summary>
    private UserSummary RowSummary(int i)
    {
        var row = file.Rows[i];
        UserSummary? existing = matched[i] < 0 ? null : users.Summary(matched[i]);
        var externalId = ByExternalId ? file.ExternalIdOf(i) : existing?.ExternalId;
        var status = verdicts[i].Status.Because;
        return new UserSummary(row.EmailKey!, externalId, existing?.FeedCreated ?? true,
            status == InactiveReason.None, DerivedRole(i), rowHashes[i], status == InactiveReason.Platform,
            layout.Groups >= 0 ? row.HasGroups : existing?.HasFeedGroups ?? false);
    }

    /// <summary>Every value a row decides (those of its mapping's fields), for a user the plan did not read.</summary>
    private UserPatch RowPatch(in ParsedRow row, ListedStatus status, List<string>? links, bool derived) => new(row.Email!, now)
    {
        Names = (row.FirstName, row.LastName),
        Status = status.Because,
        Dates = layout.HasDates ? DatesOf(row, status.AwaitingStart) : null,
        MissedFiles = 0,
        ExternalId = ByExternalId ? row.ExternalId : null,
        FeedRoles = layout.Roles >= 0 ? row.FeedRoles : null,
        DerivedManager = derived,
        Managers = links is null ? null : [.. links],
        CustomFields = layout.CustomFields.Count == 0 ? null : [.. CustomFieldsOf(row)],
        FeedGroups = row.Groups is { } groups ? [.. groups.Select(g => g.Id)] : null,
    };

    /// <summary>The mapped dates of a row, and whether the user waits for their start (as the verdict says), for a user the plan did not read.</summary>
    private DatesPatch DatesOf(in ParsedRow row, bool awaitingStart) => new(
        layout.StartDate >= 0, row.StartsAt is { } start ? new UserDate(row.Values[layout.StartDate], start) : null,
        layout.EndDate >= 0, row.EndsAt is { } end ? new UserDate(row.Values[layout.EndDate], end) : null,
        awaitingStart);

    private IEnumerable<KeyValuePair<string, string>> CustomFieldsOf(ParsedRow row)
    {
        foreach (var (key, index) in layout.CustomFields)
        {
            yield return new(key, row.Values[index]);
        }
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
