using Microsoft.AspNetCore.Http;
using UserDataFeed.Adapters.S3;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Tenants;
using UserDataFeed.Service.Auth;

namespace UserDataFeed.Service.Api;

/// <summary>Operator routes: tenants, admin tokens, custom fields (and the fields list tenant admins read).</summary>
public sealed class TenantEndpoints(TenantStore tenants, FeedBuckets buckets, IS3KeyIssuer keys, TimeProvider time)
{
    public async Task<IResult> PutTenant(ApiCall call)
    {
        var read = await JsonBody.ReadAsync<TenantBody>(call);
        if (read.Problem is not null)
        {
            return read.Problem;
        }

        var body = read.Value;
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body?.DisplayName) || body.DisplayName.Trim().Length > 200)
        {
            errors["displayName"] = ["A display name of 1–200 characters is required."];
        }

        if (body?.FeedEnabled is null)
        {
            errors["feedEnabled"] = ["feedEnabled (true or false) is required."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var bucket = buckets.BucketOf(call.TenantId);
        await keys.EnsureTenantPrincipalAsync(call.TenantId, call.Cancellation);
        await buckets.EnsureBucketAsync(bucket, keys.TenantPrincipal(call.TenantId), keys.ServicePrincipal, call.Cancellation);
        var (tenant, created) = await tenants.UpsertAsync(call.TenantId, body!.DisplayName!.Trim(), body.FeedEnabled!.Value, bucket, time.GetUtcNow(), call.Cancellation);
        return created
            ? TypedResults.Created($"/{Routes.Prefix}/tenants/{tenant.TenantId}", TenantDto.From(tenant))
            : TypedResults.Ok(TenantDto.From(tenant));
    }

    public async Task<IResult> GetTenant(ApiCall call) =>
        await tenants.GetAsync(call.TenantId, call.Cancellation) is { } tenant
            ? TypedResults.Ok(TenantDto.From(tenant))
            : Problems.TenantNotFound(call.TenantId);

    /// <summary>The longest lifetime a token can be given.</summary>
    public static readonly TimeSpan MaxTokenLifetime = TimeSpan.FromDays(3650);

    /// <summary>Issues a token; the optional body gives it a label and an expiry (<c>expiresAt</c> or <c>expiresIn</c>).</summary>
    public async Task<IResult> IssueAdminToken(ApiCall call)
    {
        var read = await JsonBody.ReadOptionalAsync<AdminTokenBody>(call);
        if (read.Problem is not null)
        {
            return read.Problem;
        }

        var now = time.GetUtcNow();
        var body = read.Value ?? new AdminTokenBody(null, null, null);
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

        if (await tenants.GetAsync(call.TenantId, call.Cancellation) is null)
        {
            return Problems.TenantNotFound(call.TenantId);
        }

        var token = AdminTokens.Create(call.TenantId);
        var info = new AdminTokenInfo(TenantStore.NewTokenId(), label, now, expiresAt, null);
        await tenants.AddTokenAsync(call.TenantId, AdminTokens.Hash(token), info, call.Cancellation);
        return TypedResults.Json(new IssuedAdminTokenDto(info.Id, call.TenantId, token, label, now, expiresAt), statusCode: StatusCodes.Status201Created);
    }

    public async Task<IResult> ListAdminTokens(ApiCall call)
    {
        if (await tenants.GetAsync(call.TenantId, call.Cancellation) is null)
        {
            return Problems.TenantNotFound(call.TenantId);
        }

        var tokens = await tenants.ListTokensAsync(call.TenantId, call.Cancellation);
        return TypedResults.Ok(new Page<AdminTokenDto>([.. tokens.Select(AdminTokenDto.From)], null));
    }

    public async Task<IResult> RevokeAdminToken(ApiCall call)
    {
        var tokenId = call.Route("tokenId");
        return await tenants.DeleteTokenAsync(call.TenantId, tokenId, call.Cancellation)
            ? TypedResults.NoContent()
            : Problems.NotFound($"Tenant '{call.TenantId}' has no admin token '{tokenId}'.");
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

    public async Task<IResult> ListFields(ApiCall call)
    {
        if (await tenants.GetAsync(call.TenantId, call.Cancellation) is null)
        {
            return Problems.TenantNotFound(call.TenantId);
        }

        var fields = await tenants.ListFieldsAsync(call.TenantId, call.Cancellation);
        return TypedResults.Ok(new Page<FieldDto>([.. fields.Select(f => new FieldDto(f.Key, f.Label))], null));
    }

    public async Task<IResult> PutField(ApiCall call)
    {
        var key = call.Route("fieldKey");
        var read = await JsonBody.ReadAsync<FieldBody>(call);
        if (read.Problem is not null)
        {
            return read.Problem;
        }

        var body = read.Value;
        var errors = new Dictionary<string, string[]>();
        if (!FieldKey.IsValid(key))
        {
            errors["fieldKey"] = ["A field key is 1–40 letters, digits, '-' or '_', starting with a letter."];
        }

        if (string.IsNullOrWhiteSpace(body?.Label) || body.Label.Trim().Length > 100)
        {
            errors["label"] = ["A label of 1–100 characters is required."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (await tenants.GetAsync(call.TenantId, call.Cancellation) is null)
        {
            return Problems.TenantNotFound(call.TenantId);
        }

        // Keys are case-insensitive: an existing field named in another case is that field.
        var existing = (await tenants.ListFieldsAsync(call.TenantId, call.Cancellation)).Select(f => f.Key);
        var field = new CustomField(FieldKey.Resolve(key, existing), body!.Label!.Trim());
        await tenants.PutFieldAsync(call.TenantId, field, call.Cancellation);
        return TypedResults.Ok(new FieldDto(field.Key, field.Label));
    }

    public async Task<IResult> DeleteField(ApiCall call)
    {
        var named = call.Route("fieldKey");
        var existing = (await tenants.ListFieldsAsync(call.TenantId, call.Cancellation)).Select(f => f.Key).ToList();
        if (existing.FirstOrDefault(k => FieldKey.Comparer.Equals(k, named)) is not { } key)
        {
            return Problems.NotFound($"Tenant '{call.TenantId}' has no custom field '{named}'.");
        }

        var mapping = await tenants.GetMappingAsync(call.TenantId, call.Cancellation);
        if (mapping is not null && mapping.Fields.Keys.Any(f => PlatformFields.IsCustom(f) && FieldKey.Comparer.Equals(PlatformFields.CustomKey(f), key)))
        {
            return Problems.Conflict($"The mapping feeds '{PlatformFields.Custom(key)}'; remove it from the mapping first.");
        }

        return await tenants.DeleteFieldAsync(call.TenantId, key, call.Cancellation)
            ? TypedResults.NoContent()
            : Problems.NotFound($"Tenant '{call.TenantId}' has no custom field '{named}'.");
    }
}
