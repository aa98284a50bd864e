using System.ComponentModel.DataAnnotations;

namespace UserDataFeed.Service;

/// <summary>Settings section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The platform operator's bearer token: allowed on every route. Keep it in a secret store.</summary>
    [Required(ErrorMessage = "Auth:OperatorKey is required: the operator's bearer token (at least 24 characters).")]
    [MinLength(24, ErrorMessage = "Auth:OperatorKey must be at least 24 characters long.")]
    public string OperatorKey { get; set; } = "";
}
