using Microsoft.AspNetCore.Http;

namespace UserDataFeed.Service.Scim;

/// <summary>
/// Endpoint metadata: a route of the SCIM service (RFC 7644). Whatever would be answered there as an RFC 7807 problem —
/// the route checks' refusals and the exceptions <see cref="Api.ApiExceptionHandler"/> answers — is a SCIM error instead
/// (<see cref="ScimErrors"/>).
/// </summary>
public sealed record ScimRoute
{
    public static bool Marks(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<ScimRoute>() is not null;
}
