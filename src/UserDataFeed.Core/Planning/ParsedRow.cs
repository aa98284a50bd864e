using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// A row after the per-row rules, while it is being read. A <see cref="Failed"/> row leaves its user unchanged.
/// A struct: one is made for every row of every reading of a file, and none outlives it.
/// </summary>
internal struct ParsedRow(int row, string[] values)
{
    public int Row { get; } = row;

    public string[] Values { get; } = values;

    public bool Failed { get; set; }

    public string? Email { get; set; }

    public string? EmailKey { get; set; }

    public string? ExternalId { get; set; }

    public string FirstName { get; set; } = "";

    public string LastName { get; set; } = "";

    public bool Active { get; set; } = true;

    public Roles FeedRoles { get; set; }

    /// <summary>When the row's start date begins (<see cref="Mapping.FeedDates"/>), if it has one.</summary>
    public DateTimeOffset? StartsAt { get; set; }

    /// <summary>When the row's end date ends, if it has one.</summary>
    public DateTimeOffset? EndsAt { get; set; }

    /// <summary>The row's groups (by id, each once) when groups are mapped, else null.</summary>
    public RowGroup[]? Groups { get; set; }
}

/// <summary>A group a row lists: its id (<see cref="GroupNames.Id"/>) and its name as the row first wrote it.</summary>
internal readonly record struct RowGroup(string Id, string Name);
