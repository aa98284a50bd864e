using Microsoft.AspNetCore.Http;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Core.Users;
using UserDataFeed.Service.Api;
using UserDataFeed.Service.Auth;

namespace UserDataFeed.Service.Scim;

/// <summary>What every SCIM write checks and records: the tenant's source, and the source its users' histories name.</summary>
public static class ScimWrites
{
    /// <summary>A tenant's users come from one source at a time: while it is the file feed, SCIM may read but not write (403).</summary>
    public static void NeedScimAsTheSource(RouteTenant tenant)
    {
        if (tenant.Record.UsersSource != UsersSource.Scim)
        {
            throw ScimErrors.Untyped(StatusCodes.Status403Forbidden,
                "This tenant's users come from its file feed, so SCIM may read its users and groups but not change them. An admin switches the source to SCIM in the feed settings (\"source\": \"scim\").");
        }
    }

    /// <summary>Who asks for a SCIM request's writes: the token it came with and its method.</summary>
    public static ScimCaller Caller(HttpContext http) => new(Actor.Of(http)?.TokenId ?? "", http.Request.Method.ToUpperInvariant());
}

/// <summary>A SCIM request's writer: its token's id (never the token) and its operation (<c>PATCH</c>, <c>PUT</c>, <c>DELETE</c>…).</summary>
public sealed record ScimCaller(string TokenId, string Operation)
{
    /// <summary>The source each change it makes is recorded under in the user's history: <c>scim</c>, with the token.</summary>
    public HistorySource Source() => HistorySource.OfScim(TokenId);
}
