using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Planning;

/// <summary>Parsers for the per-row value formats of SPEC §3.</summary>
public static class RowValues
{
    /// <summary>Strict status: 1/0, active/inactive, true/false, yes/no in any case.</summary>
    public static bool? ParseStatus(string value) =>
        value == "1" || Is(value, "active") || Is(value, "true") || Is(value, "yes") ? true
        : value == "0" || Is(value, "inactive") || Is(value, "false") || Is(value, "no") ? false
        : null;

    private static bool Is(string value, string word) => string.Equals(value, word, StringComparison.OrdinalIgnoreCase);

    /// <summary>Pipe- or comma-separated items, trimmed, blanks dropped.</summary>
    public static IEnumerable<string> SplitList(string value) =>
        value.Split(['|', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Known roles in any case; unknown names are returned for warnings.</summary>
    public static (Roles Roles, IReadOnlyList<string> Unknown) ParseRoles(string value)
    {
        var roles = Roles.None;
        List<string>? unknown = null;
        var rest = value.AsSpan();
        foreach (var range in rest.SplitAny('|', ','))
        {
            var name = rest[range].Trim();
            if (name.IsEmpty)
            {
                continue;
            }

            if (RoleNames.TryParse(name, out var role))
            {
                roles |= role;
            }
            else
            {
                (unknown ??= []).Add(name.ToString());
            }
        }

        return (roles, unknown ?? (IReadOnlyList<string>)[]);
    }
}
