using System.Globalization;
using System.Text.Json.Nodes;
using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Scim;

/// <summary>
/// Which SCIM attribute feeds which platform field, and the two ways across: a User resource becomes one feed row
/// (<see cref="ToRow"/>), which the feed's rules plan as they plan a file's row, and a user record becomes a User
/// resource (<see cref="ToResource"/>). The tenant's custom fields are attributes of <see cref="FieldsUrn"/>; one whose
/// key is an enterprise attribute (<c>department</c>, <c>employeeNumber</c>…) is fed by that attribute when ours is absent.
/// </summary>
public sealed class ScimUserMapping(IReadOnlyList<string> customFieldKeys)
{
    /// <summary>The URN of the extension holding the tenant's custom fields (our own namespace, not the IETF's).</summary>
    public const string FieldsUrn = "urn:userdatafeed:scim:schemas:extension:fields:2.0:User";

    private static readonly string[] EnterpriseStrings = ["employeeNumber", "costCenter", "organization", "division", "department"];

    public IReadOnlyList<string> CustomFieldKeys { get; } = customFieldKeys;

    /// <summary>The User schema with the enterprise extension and the tenant's custom fields.</summary>
    public ScimSchema Schema => ScimSchemas.User.WithExtension(new ScimSchemaExtension(FieldsUrn, [.. CustomFieldKeys.Select(key => new ScimAttribute(key))]));

    /// <summary>
    /// The row a User resource (already checked against <see cref="Schema"/>) writes: the email from <c>userName</c> (the
    /// platform's key: one that is not an email is the row error it is in a file; <c>emails</c> is shown, not read), names, <c>active</c> (absent: active), <c>roles</c>, the
    /// enterprise <c>manager</c> (its id turned into the manager's email by <paramref name="managerEmailOf"/>),
    /// <c>externalId</c> when sent (a request never clears it), and every custom field (absent: cleared).
    /// </summary>
    /// <param name="feedGroupNames">The names of the groups SCIM puts the user in, when the write is about their groups (a
    /// group's members); null leaves their groups as they are.</param>
    public ScimUserRow ToRow(JsonObject resource, Func<string, string> managerEmailOf, TimeZoneInfo? timeZone = null, IReadOnlyList<string>? feedGroupNames = null)
    {
        var view = new JsonResourceView(resource);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PlatformFields.Email] = Text(view, AttributePath.Of("userName")),
            [PlatformFields.FirstName] = Text(view, AttributePath.Of("name", "givenName")),
            [PlatformFields.LastName] = Text(view, AttributePath.Of("name", "familyName")),
            [PlatformFields.Status] = view.ValuesOf(AttributePath.Of("active")) is [JsonValue active] && active.TryGetValue<bool>(out var on) && !on ? "false" : "true",
            [PlatformFields.Roles] = string.Join('|', view.ValuesOf(AttributePath.Of("roles", "value")).Select(ScimJson.AsString).OfType<string>()),
            [PlatformFields.Managers] = Text(view, new AttributePath(ScimSchemas.EnterpriseUserUrn, "manager", "value")) is { Length: > 0 } managerId ? managerEmailOf(managerId) : "",
        };
        if (Text(view, AttributePath.Of("externalId")) is { Length: > 0 } externalId)
        {
            values[PlatformFields.ExternalId] = externalId;
        }

        if (feedGroupNames is not null)
        {
            values[PlatformFields.Groups] = string.Join('|', feedGroupNames);
        }

        foreach (var key in CustomFieldKeys)
        {
            var ours = Text(view, new AttributePath(FieldsUrn, key));
            values[PlatformFields.Custom(key)] = ours.Length == 0 && EnterpriseStrings.Contains(key, StringComparer.OrdinalIgnoreCase)
                ? Text(view, new AttributePath(ScimSchemas.EnterpriseUserUrn, key))
                : ours;
        }

        // Each field's "column" is the SCIM attribute that fed it, so a row issue names the attribute.
        var layout = new FieldLayout(new FeedMapping(values.Keys.ToDictionary(field => field, AttributeOf, StringComparer.Ordinal)), timeZone);
        var cells = layout.Fields.Select(field => values[field]).ToArray();
        return new ScimUserRow(new FeedRow(1, cells, cells.Length, cells.Length), layout);
    }

    /// <summary>The SCIM attribute (a path) that feeds a platform field.</summary>
    public static string AttributeOf(string field) => field switch
    {
        PlatformFields.Email => "userName",
        PlatformFields.FirstName => "name.givenName",
        PlatformFields.LastName => "name.familyName",
        PlatformFields.Status => "active",
        PlatformFields.Roles => "roles",
        PlatformFields.Managers => ScimSchemas.EnterpriseUserUrn + ":manager",
        PlatformFields.ExternalId => "externalId",
        PlatformFields.Groups => "groups",
        _ when PlatformFields.IsCustom(field) => FieldsUrn + ":" + PlatformFields.CustomKey(field),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "No SCIM attribute feeds this field."),
    };

    /// <summary>
    /// A user as a SCIM User resource: what the platform stores of what SCIM can say. Roles are those the provisioning
    /// source gave (the platform's own are not SCIM's to see or change); the manager is the first of the user's managers,
    /// by id (<paramref name="managerId"/>, null when they have none or it is not a user); a custom field whose key is an
    /// enterprise attribute is shown there too.
    /// </summary>
    public JsonObject ToResource(UserRecord user, string? managerId, ScimResourceMeta meta)
    {
        var schemas = new JsonArray(ScimSchemas.UserUrn, ScimSchemas.EnterpriseUserUrn);
        var resource = new JsonObject
        {
            ["schemas"] = schemas,
            ["id"] = user.UserId,
            ["userName"] = user.Email,
            ["name"] = new JsonObject
            {
                ["givenName"] = user.FirstName,
                ["familyName"] = user.LastName,
                ["formatted"] = $"{user.FirstName} {user.LastName}".Trim(),
            },
            ["displayName"] = $"{user.FirstName} {user.LastName}".Trim(),
            ["active"] = user.Active,
            ["emails"] = new JsonArray(new JsonObject { ["value"] = user.Email, ["type"] = "work", ["primary"] = true }),
        };
        if (user.ExternalId is { } externalId)
        {
            resource["externalId"] = externalId;
        }

        if (RoleNames.ToNames(user.FeedRoles) is { Count: > 0 } roles)
        {
            resource["roles"] = new JsonArray([.. roles.Select(role => (JsonNode)new JsonObject { ["value"] = role })]);
        }

        var enterprise = new JsonObject();
        foreach (var key in EnterpriseStrings)
        {
            if (user.CustomFields.FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.OrdinalIgnoreCase)) is { Value: { } value })
            {
                enterprise[key] = value;
            }
        }

        if (managerId is not null)
        {
            enterprise["manager"] = new JsonObject { ["value"] = managerId };
        }

        resource[ScimSchemas.EnterpriseUserUrn] = enterprise;
        var fields = new JsonObject();
        foreach (var key in CustomFieldKeys)
        {
            if (user.CustomFields.TryGetValue(key, out var value))
            {
                fields[key] = value;
            }
        }

        if (CustomFieldKeys.Count > 0)
        {
            schemas.Add(FieldsUrn);
            resource[FieldsUrn] = fields;
        }

        resource["meta"] = new JsonObject
        {
            ["resourceType"] = "User",
            ["created"] = user.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
            ["lastModified"] = user.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
            ["location"] = meta.Location,
            ["version"] = meta.Version,
        };
        return resource;
    }

    private static string Text(JsonResourceView view, AttributePath path) =>
        view.ValuesOf(path) is [var value, ..] ? ScimJson.AsString(value)?.Trim() ?? "" : "";
}

/// <summary>The one feed row a SCIM User resource writes, and the layout of its cells.</summary>
public sealed record ScimUserRow(FeedRow Row, FieldLayout Layout);

/// <summary>A resource's <c>meta.location</c> (its absolute URL) and <c>meta.version</c> (its ETag, as sent in <c>ETag</c>).</summary>
public sealed record ScimResourceMeta(string Location, string Version);
