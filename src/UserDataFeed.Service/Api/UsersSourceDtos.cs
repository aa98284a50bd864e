using System.ComponentModel;
using UserDataFeed.Core.Tenants;

namespace UserDataFeed.Service.Api;

// Issue 27's feed setting: where the tenant's users come from, the file feed or SCIM.

public sealed partial record SettingsDto
{
    /// <summary>Where the tenant's users come from: <c>file</c> or <c>scim</c>.</summary>
    public string Source { get; init; } = UsersSourceNames.File;
}

public sealed partial record SettingsBody
{
    [Description("where the tenant's users come from: \"file\" (files dropped in the bucket) or \"scim\" (an identity provider); absent: file")]
    [BodyLimits(OneOf = [UsersSourceNames.File, UsersSourceNames.Scim])]
    public string? Source { get; init; }
}

/// <summary><see cref="UsersSource"/> as the settings write it.</summary>
public static class UsersSourceNames
{
    public const string File = "file";
    public const string Scim = "scim";

    public static string Of(UsersSource source) => source == UsersSource.Scim ? Scim : File;

    /// <summary>The source a settings body names (absent: the file feed), or null when it names none.</summary>
    public static UsersSource? Parse(string? name) => name switch
    {
        null or File => UsersSource.File,
        Scim => UsersSource.Scim,
        _ => null,
    };
}
