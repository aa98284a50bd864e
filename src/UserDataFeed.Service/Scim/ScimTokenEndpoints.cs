using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Service.Api;
using UserDataFeed.Service.Audit;
using UserDataFeed.Service.Auth;

namespace UserDataFeed.Service.Scim;

/// <summary>A tenant's SCIM tokens, managed by its admins (or the operator): issued (shown once), listed, revoked, each audited.</summary>
public static class ScimTokenEndpoints
{
    public const int MaxLabelLength = 100;

    public static async Task<Results<Created<IssuedScimTokenDto>, ProblemHttpResult>> IssueScimToken(
        RouteTenant tenant, [FromBody] ScimTokenBody? body, HttpRequest request, ScimTokenStore scimTokens, TimeProvider time, AuditTrail audit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        var label = string.IsNullOrWhiteSpace(body?.Label) ? null : body.Label.Trim();
        if (label?.Length > MaxLabelLength)
        {
            errors["label"] = [$"A label is at most {MaxLabelLength} characters."];
        }

        var days = body?.ExpiresInDays ?? ScimTokens.DefaultExpiresInDays;
        if (days is < 1 or > ScimTokens.MaxExpiresInDays)
        {
            errors["expiresInDays"] = [$"expiresInDays must be from 1 to {ScimTokens.MaxExpiresInDays} (absent: {ScimTokens.DefaultExpiresInDays})."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var token = ScimTokens.Create(tenant.Id);
        var expiresAt = now.AddDays(days);
        var info = new AdminTokenInfo(HashedTokenStore.NewId(), label, now, expiresAt, null);
        await scimTokens.AddAsync(tenant.Id, ScimTokens.Hash(token), info, cancellationToken);
        await audit.RecordAsync(tenant.Id, AuditActions.ScimTokenIssued, info.Id,
            AuditChanges.Values([("label", label), ("expiresAt", expiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture))]), cancellationToken);
        return TypedResults.Created((string?)null, new IssuedScimTokenDto(info.Id, tenant.Id, token, label, now, expiresAt, ScimLocations.BaseUrl(request, tenant.Id)));
    }

    public static async Task<Ok<Page<ScimTokenDto>>> ListScimTokens(RouteTenant tenant, ScimTokenStore scimTokens, CancellationToken cancellationToken)
    {
        var tokens = await scimTokens.ListAsync(tenant.Id, cancellationToken);
        return TypedResults.Ok(new Page<ScimTokenDto>([.. tokens.Select(ScimTokenDto.From)], null));
    }

    public static async Task<Results<NoContent, NotFoundProblem>> RevokeScimToken(
        RouteTenant tenant, string tokenId, ScimTokenStore scimTokens, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (!await scimTokens.DeleteAsync(tenant.Id, tokenId, cancellationToken))
        {
            return Problems.NotFound($"Tenant '{tenant.Id}' has no SCIM token '{tokenId}'.");
        }

        await audit.RecordAsync(tenant.Id, AuditActions.ScimTokenRevoked, tokenId, "revoked", cancellationToken);
        return TypedResults.NoContent();
    }
}
