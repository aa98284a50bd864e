using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Service.Auth;

namespace UserDataFeed.Service.Audit;

/// <summary>The actions the audit records (<see cref="AuditEntry.Action"/>).</summary>
public static class AuditActions
{
    public const string TenantSaved = "tenant.saved";
    public const string AdminTokenIssued = "adminToken.issued";
    public const string AdminTokenRevoked = "adminToken.revoked";
    public const string FieldSaved = "field.saved";
    public const string FieldDeleted = "field.deleted";
    public const string MappingSaved = "mapping.saved";
    public const string MappingReset = "mapping.reset";
    public const string KeyIssued = "connectionKey.issued";
    public const string KeyRevoked = "connectionKey.revoked";
    public const string SettingsChanged = "settings.changed";
    public const string ImportApproved = "import.approved";
    public const string ImportRejected = "import.rejected";
    public const string FeedResumed = "feed.resumed";
    public const string WebhookSaved = "webhook.saved";
    public const string WebhookDeleted = "webhook.deleted";
    public const string ScimTokenIssued = "scimToken.issued";
    public const string ScimTokenRevoked = "scimToken.revoked";
    public const string ScimMappingSaved = "scimMapping.saved";
    public const string ScimHoldApproved = "scimHold.approved";
    public const string ScimHoldRejected = "scimHold.rejected";
}

/// <summary>
/// A handler parameter that records the request's action in the tenant's audit once the action succeeded: with the
/// actor the access check accepted (<see cref="Actor"/>: the operator, or an admin token's id) and the time. Bound
/// without I/O, so nothing is read before the access check. The handler says what changed; it never passes a secret.
/// </summary>
public sealed class AuditTrail
{
    private readonly HttpContext http;

    private AuditTrail(HttpContext http) => this.http = http;

    public static ValueTask<AuditTrail?> BindAsync(HttpContext http) => ValueTask.FromResult<AuditTrail?>(new AuditTrail(http));

    /// <summary>Records the action; a store fault is thrown (the caller's request answers 503, and its retry repeats the action).</summary>
    public Task RecordAsync(string tenantId, string action, string? target, string changes, CancellationToken cancellationToken)
    {
        var actor = Actor.Of(http) ?? throw new InvalidOperationException("The access check sets the actor before a handler runs.");
        var store = http.RequestServices.GetRequiredService<AuditStore>();
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        return store.AddAsync(tenantId, new AuditEntry(now, actor.Kind, actor.TokenId, action, target, changes), cancellationToken);
    }
}

/// <summary>Pure functions that say what changed, for <see cref="AuditTrail"/>: values by name before and after.</summary>
public static class AuditChanges
{
    public const string None = "(none)";

    /// <summary>"name: before → after" for each value that differs, joined by "; " (empty when nothing changed).</summary>
    public static string Diff(IReadOnlyDictionary<string, string?> before, IReadOnlyDictionary<string, string?> after)
    {
        var parts = new List<string>();
        foreach (var key in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var was = before.GetValueOrDefault(key);
            var now = after.GetValueOrDefault(key);
            if (was != now)
            {
                parts.Add($"{key}: {was ?? None} → {now ?? None}");
            }
        }

        return string.Join("; ", parts);
    }

    /// <summary>A DTO's JSON as flat values by dotted name (<c>hold.percent</c>), so every property it gains is compared too.</summary>
    public static Dictionary<string, string?> Flatten<T>(T value)
    {
        var flat = new Dictionary<string, string?>(StringComparer.Ordinal);
        Add(JsonSerializer.SerializeToElement(value, JsonSerializerOptions.Web), "", flat);
        return flat;
    }

    /// <summary>What an action on an object without a "before" records: its values.</summary>
    public static string Values(IEnumerable<(string Name, string? Value)> values)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in values)
        {
            text.Append(text.Length > 0 ? "; " : "").Append(CultureInfo.InvariantCulture, $"{name}: {value ?? None}");
        }

        return text.ToString();
    }

    private static void Add(JsonElement element, string name, Dictionary<string, string?> flat)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Add(property.Value, name.Length == 0 ? property.Name : $"{name}.{property.Name}", flat);
                }

                break;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                flat[name] = null;
                break;
            case JsonValueKind.String:
                flat[name] = element.GetString();
                break;
            default:
                flat[name] = element.GetRawText();
                break;
        }
    }
}
