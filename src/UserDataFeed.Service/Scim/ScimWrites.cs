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

    /// <summary>The source a SCIM request's changes are recorded under: <c>scim</c>, with the token it came with.</summary>
    public static HistorySource Source(HttpContext http) => HistorySource.OfScim(Actor.Of(http)?.TokenId ?? "");
}
