namespace UserDataFeed.Core.Scim;

/// <summary>
/// A request the SCIM protocol rejects, with the <c>scimType</c> of RFC 7644 §3.12 (see <see cref="ScimTypes"/>) and a
/// reason for people. The service answers it as a SCIM error, 400 unless <see cref="Status"/> says otherwise.
/// </summary>
public class ScimException(string scimType, string reason, int status = 400) : Exception(reason)
{
    public string ScimType { get; } = scimType;

    public string Reason => Message;

    public int Status { get; } = status;
}

/// <summary>A filter (or a PATCH path's value filter) that cannot be parsed or does not fit the schema: <c>invalidFilter</c>.</summary>
public sealed class ScimFilterException(string reason) : ScimException(ScimTypes.InvalidFilter, reason);

/// <summary>The <c>scimType</c> values of RFC 7644 §3.12 this core uses.</summary>
public static class ScimTypes
{
    public const string InvalidFilter = "invalidFilter";
    public const string InvalidPath = "invalidPath";
    public const string NoTarget = "noTarget";
    public const string InvalidValue = "invalidValue";
    public const string InvalidSyntax = "invalidSyntax";
    public const string Mutability = "mutability";
    public const string Uniqueness = "uniqueness";
}
