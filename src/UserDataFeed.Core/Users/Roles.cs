namespace UserDataFeed.Core.Users;

/// <summary>The platform's known roles. Every user is a <see cref="Learner"/>.</summary>
[Flags]
public enum Roles
{
    None = 0,
    Learner = 1,
    Manager = 2,
    Administrator = 4,
}

public static class RoleNames
{
    public static readonly IReadOnlyList<Roles> All = [Roles.Learner, Roles.Manager, Roles.Administrator];

    private static readonly string[] Names = [.. All.Select(r => r.ToString())];

    public static bool TryParse(ReadOnlySpan<char> name, out Roles role)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (name.Equals(Names[i], StringComparison.OrdinalIgnoreCase))
            {
                role = All[i];
                return true;
            }
        }

        role = Roles.None;
        return false;
    }

    /// <summary>The standard format: role names in a fixed order, pipe-separated.</summary>
    public static IReadOnlyList<string> ToNames(Roles roles) =>
        All.Where(r => roles.HasFlag(r)).Select(r => r.ToString()).ToArray();
}
