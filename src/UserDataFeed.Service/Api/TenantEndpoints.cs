using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using UserDataFeed.Adapters.S3;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Core.Users;
using UserDataFeed.Service.Audit;
using UserDataFeed.Service.Auth;

namespace UserDataFeed.Service.Api;

/// <summary>Operator routes: tenants, admin tokens, custom fields (and the fields list tenant admins read).</summary>
public static class TenantEndpoints
{
    public static async Task<Results<Created<TenantDto>, Ok<TenantDto>, ProblemHttpResult>> PutTenant(
        string tenantId, [FromBody] TenantBody body, TenantStore tenants, FeedBuckets buckets, IS3KeyIssuer keys, TimeProvider time, AuditTrail audit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.DisplayName) || body.DisplayName.Trim().Length > 200)
        {
            errors["displayName"] = ["A display name of 1–200 characters is required."];
        }

        if (body.FeedEnabled is null)
        {
            errors["feedEnabled"] = ["feedEnabled (true or false) is required."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var bucket = buckets.BucketOf(tenantId);
        var before = await tenants.GetAsync(tenantId, cancellationToken);
        await keys.EnsureTenantPrincipalAsync(tenantId, cancellationToken);
        await buckets.EnsureBucketAsync(bucket, keys.TenantPrincipal(tenantId), keys.ServicePrincipal, cancellationToken);
        var (tenant, created) = await tenants.UpsertAsync(tenantId, body.DisplayName!.Trim(), body.FeedEnabled!.Value, bucket, time.GetUtcNow(), cancellationToken);
        await audit.RecordAsync(tenantId, AuditActions.TenantSaved, null, AuditChanges.Diff(TenantValues(before), TenantValues(tenant)), cancellationToken);
        return created
            ? TypedResults.Created($"/{Routes.Prefix}/tenants/{tenant.TenantId}", TenantDto.From(tenant))
            : TypedResults.Ok(TenantDto.From(tenant));
    }

    private static Dictionary<string, string?> TenantValues(Tenant? tenant) => tenant is null ? [] : new()
    {
        ["displayName"] = tenant.DisplayName,
        ["feedEnabled"] = tenant.FeedEnabled ? "true" : "false",
    };

    public static Ok<TenantDto> GetTenant(RouteTenant tenant) => TypedResults.Ok(TenantDto.From(tenant.Record));

    /// <summary>The longest lifetime a token can be given.</summary>
    public static readonly TimeSpan MaxTokenLifetime = TimeSpan.FromDays(3650);

    /// <summary>Issues a token; the optional body gives it a label and an expiry (<c>expiresAt</c> or <c>expiresIn</c>).</summary>
    public static async Task<Results<Created<IssuedAdminTokenDto>, ProblemHttpResult>> IssueAdminToken(
        RouteTenant tenant, [FromBody] AdminTokenBody? body, AdminTokenStore adminTokens, TimeProvider time, AuditTrail audit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        body ??= new AdminTokenBody(null, null, null);
        var errors = new Dictionary<string, string[]>();
        var label = string.IsNullOrWhiteSpace(body.Label) ? null : body.Label.Trim();
        if (label?.Length > 100)
        {
            errors["label"] = ["A label is at most 100 characters."];
        }

        var expiresAt = ExpiryOf(body, now, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var token = AdminTokens.Create(tenant.Id);
        var info = new AdminTokenInfo(AdminTokenStore.NewId(), label, now, expiresAt, null);
        await adminTokens.AddAsync(tenant.Id, AdminTokens.Hash(token), info, cancellationToken);
        await audit.RecordAsync(tenant.Id, AuditActions.AdminTokenIssued, info.Id,
            AuditChanges.Values([("label", label), ("expiresAt", expiresAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture))]), cancellationToken);
        return TypedResults.Created((string?)null, new IssuedAdminTokenDto(info.Id, tenant.Id, token, label, now, expiresAt));
    }

    public static async Task<Ok<Page<AdminTokenDto>>> ListAdminTokens(RouteTenant tenant, AdminTokenStore adminTokens, CancellationToken cancellationToken)
    {
        var tokens = await adminTokens.ListAsync(tenant.Id, cancellationToken);
        return TypedResults.Ok(new Page<AdminTokenDto>([.. tokens.Select(AdminTokenDto.From)], null));
    }

    public static async Task<Results<NoContent, NotFoundProblem>> RevokeAdminToken(
        string tenantId, string tokenId, AdminTokenStore adminTokens, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (!await adminTokens.DeleteAsync(tenantId, tokenId, cancellationToken))
        {
            return Problems.NotFound($"Tenant '{tenantId}' has no admin token '{tokenId}'.");
        }

        await audit.RecordAsync(tenantId, AuditActions.AdminTokenRevoked, tokenId, "revoked", cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>When a token expires (null: never), from <c>expiresAt</c> or <c>expiresIn</c>; problems go into <paramref name="errors"/>.</summary>
    private static DateTimeOffset? ExpiryOf(AdminTokenBody body, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        if (body.ExpiresAt is not null && body.ExpiresIn is not null)
        {
            errors["expiresIn"] = ["Give expiresAt or expiresIn, not both."];
            return null;
        }

        DateTimeOffset? expiresAt = body.ExpiresAt;
        if (body.ExpiresIn is { } duration)
        {
            TimeSpan lifetime;
            try
            {
                lifetime = System.Xml.XmlConvert.ToTimeSpan(duration.Trim());
            }
            catch (FormatException)
            {
                errors["expiresIn"] = [$"expiresIn must be an ISO 8601 duration such as \"P30D\" (30 days) or \"PT12H\" (12 hours); '{duration}' is not one."];
                return null;
            }
            catch (OverflowException)
            {
                lifetime = TimeSpan.MaxValue;
            }

            if (lifetime <= TimeSpan.Zero || lifetime > MaxTokenLifetime)
            {
                errors["expiresIn"] = [$"expiresIn must be more than zero and at most {MaxTokenLifetime.TotalDays:N0} days."];
                return null;
            }

            expiresAt = now + lifetime;
        }

        if (expiresAt <= now || expiresAt > now + MaxTokenLifetime)
        {
            errors["expiresAt"] = [$"expiresAt must be in the future and at most {MaxTokenLifetime.TotalDays:N0} days away."];
            return null;
        }

        return expiresAt;
    }

    public static async Task<Ok<Page<FieldDto>>> ListFields(RouteTenant tenant, MappingStore mappings, CancellationToken cancellationToken)
    {
        var fields = await mappings.ListFieldsAsync(tenant.Id, cancellationToken);
        return TypedResults.Ok(new Page<FieldDto>([.. fields.Select(f => new FieldDto(f.Key, f.Label))], null));
    }

    public static async Task<Results<Ok<FieldDto>, ProblemHttpResult>> PutField(
        RouteTenant tenant, string fieldKey, [FromBody] FieldBody body, MappingStore mappings, AuditTrail audit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!FieldKey.IsValid(fieldKey))
        {
            errors["fieldKey"] = ["A field key is 1–40 letters, digits, '-' or '_', starting with a letter."];
        }

        if (string.IsNullOrWhiteSpace(body.Label) || body.Label.Trim().Length > 100)
        {
            errors["label"] = ["A label of 1–100 characters is required."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        // Keys are case-insensitive: an existing field named in another case is that field.
        var existing = await mappings.ListFieldsAsync(tenant.Id, cancellationToken);
        var field = new CustomField(FieldKey.Resolve(fieldKey, existing.Select(f => f.Key)), body.Label!.Trim());
        if (existing.Count >= ValueLimits.CustomFieldsPerTenant && !existing.Any(f => f.Key == field.Key))
        {
            // Each is a property of every user entity, which may have 252.
            return Problems.Validation("fieldKey", $"A tenant may define at most {ValueLimits.CustomFieldsPerTenant} custom fields; remove one first.");
        }

        await mappings.PutFieldAsync(tenant.Id, field, cancellationToken);
        await audit.RecordAsync(tenant.Id, AuditActions.FieldSaved, field.Key,
            AuditChanges.Diff(existing.Where(f => f.Key == field.Key).ToDictionary(f => "label", f => (string?)f.Label), new Dictionary<string, string?> { ["label"] = field.Label }),
            cancellationToken);
        return TypedResults.Ok(new FieldDto(field.Key, field.Label));
    }

    public static async Task<Results<NoContent, NotFoundProblem, ConflictProblem>> DeleteField(
        string tenantId, string fieldKey, MappingStore mappings, AuditTrail audit, CancellationToken cancellationToken)
    {
        var existing = (await mappings.ListFieldsAsync(tenantId, cancellationToken)).Select(f => f.Key).ToList();
        if (existing.FirstOrDefault(k => FieldKey.Comparer.Equals(k, fieldKey)) is not { } key)
        {
            return Problems.NotFound($"Tenant '{tenantId}' has no custom field '{fieldKey}'.");
        }

        var mapping = await mappings.GetAsync(tenantId, cancellationToken);
        if (mapping is not null && mapping.Fields.Keys.Any(f => PlatformFields.IsCustom(f) && FieldKey.Comparer.Equals(PlatformFields.CustomKey(f), key)))
        {
            return Problems.Conflict($"The mapping feeds '{PlatformFields.Custom(key)}'; remove it from the mapping first.");
        }

        if (!await mappings.DeleteFieldAsync(tenantId, key, cancellationToken))
        {
            return Problems.NotFound($"Tenant '{tenantId}' has no custom field '{fieldKey}'.");
        }

        await audit.RecordAsync(tenantId, AuditActions.FieldDeleted, key, "deleted", cancellationToken);
        return TypedResults.NoContent();
    }
}
