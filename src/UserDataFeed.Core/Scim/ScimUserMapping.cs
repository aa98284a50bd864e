using System.Globalization;
using System.Text.Json.Nodes;
using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Scim;

/// <summary>
/// Which SCIM attribute feeds which platform field, and the two ways across: a User resource becomes one feed row
/// (<see cref="ToRow"/>), which the feed's rules plan as they plan a file's row, and a user record becomes a User
/// resource (<see cref="ToResource"/>). By default the tenant's custom fields are attributes of <see cref="FieldsUrn"/>;
/// one whose key is an enterprise attribute (<c>department</c>, <c>employeeNumber</c>…) is fed by that attribute when
/// ours is absent. The tenant's admin may choose the attribute of the names and of each custom field
/// (<paramref name="attributes"/>: field → attribute path, checked by <see cref="Check"/>); the email (<c>userName</c>),
/// status, roles, manager and external id keep theirs, which the protocol and the clients' matching rely on.
/// </summary>
public sealed class ScimUserMapping(IReadOnlyList<string> customFieldKeys, IReadOnlyDictionary<string, string>? attributes = null)
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
            [PlatformFields.FirstName] = Text(view, PathOf(PlatformFields.FirstName)),
            [PlatformFields.LastName] = Text(view, PathOf(PlatformFields.LastName)),
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
            var field = PlatformFields.Custom(key);
            var value = Text(view, PathOf(field));
            values[field] = value.Length == 0 && !Chosen(field) && EnterpriseStrings.Contains(key, StringComparer.OrdinalIgnoreCase)
                ? Text(view, new AttributePath(ScimSchemas.EnterpriseUserUrn, key))
                : value;
        }

        // Each field's "column" is the SCIM attribute that fed it, so a row issue names the attribute.
        var layout = new FieldLayout(new FeedMapping(values.Keys.ToDictionary(field => field, AttributeOf, StringComparer.Ordinal)), timeZone);
        var cells = layout.Fields.Select(field => values[field]).ToArray();
        return new ScimUserRow(new FeedRow(1, cells, cells.Length, cells.Length), layout);
    }

    /// <summary>The SCIM attribute (a path) that feeds a platform field: the admin's choice, else the default.</summary>
    public string AttributeOf(string field) => attributes?.GetValueOrDefault(field) ?? DefaultAttributeOf(field);

    /// <summary>Every field whose attribute the admin may choose, each with the attribute that feeds it now.</summary>
    public IReadOnlyDictionary<string, string> Attributes =>
        new[] { PlatformFields.FirstName, PlatformFields.LastName }.Concat(CustomFieldKeys.Select(PlatformFields.Custom))
            .ToDictionary(chosen => chosen, AttributeOf, StringComparer.Ordinal);

    /// <summary>
    /// What is wrong with a choice of attributes (by field), or nothing: only the names and the tenant's custom fields
    /// are chosen; each attribute must be a single-valued string (or sub-attribute) of the tenant's User schema that a
    /// client may write, not one that feeds a fixed field, and no two fields may share one.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Check(IReadOnlyDictionary<string, string> chosen, IReadOnlyList<string> customFieldKeys)
    {
        var schema = new ScimUserMapping(customFieldKeys).Schema;
        var fixedAttributes = new[] { "userName", "active", "roles", "externalId", "emails", "manager", "id", "groups", "password" };
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var taken = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (field, text) in chosen)
        {
            var choosable = field is PlatformFields.FirstName or PlatformFields.LastName
                || (PlatformFields.IsCustom(field) && customFieldKeys.Contains(PlatformFields.CustomKey(field), StringComparer.Ordinal));
            var resolved = choosable && TryParse(text, out var path) ? schema.Resolve(path) : null;
            var problem = !choosable ? $"'{field}' is not a field whose SCIM attribute may be chosen (firstName, lastName, or custom.<key> of a defined field)."
                : resolved is null ? $"'{text}' is not an attribute of this tenant's SCIM User schema."
                : resolved.Target.Type != ScimAttributeType.String || resolved.Attribute.MultiValued || resolved.Target.Mutability is ScimMutability.ReadOnly or ScimMutability.WriteOnly
                    ? $"'{text}' is not a single-valued string a client may write."
                : resolved.ExtensionUrn is null && fixedAttributes.Contains(resolved.Attribute.Name, StringComparer.OrdinalIgnoreCase)
                    || AttributePath.SameName(resolved.Attribute.Name, "manager") ? $"'{text}' feeds a field of its own."
                : taken.TryGetValue(resolved.Path.ToString(), out var other) ? $"'{text}' already feeds {other}."
                : null;
            if (problem is not null)
            {
                errors[field] = [problem];
            }
            else
            {
                taken[resolved!.Path.ToString()] = field;
            }
        }

        return errors;
    }

    private bool Chosen(string field) => attributes?.ContainsKey(field) == true;

    private AttributePath PathOf(string field) => TryParse(AttributeOf(field), out var path) ? path : throw new InvalidOperationException($"The attribute of {field} is not a path.");

    private static bool TryParse(string text, out AttributePath path)
    {
        try
        {
            path = ScimPaths.Parse(text.Trim(), 1);
            return true;
        }
        catch (ScimException)
        {
            path = AttributePath.Of("-");
            return false;
        }
    }

    /// <summary>The SCIM attribute (a path) that feeds a platform field unless the admin chose another.</summary>
    public static string DefaultAttributeOf(string field) => field switch
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
            ["name"] = new JsonObject { ["formatted"] = $"{user.FirstName} {user.LastName}".Trim() },
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
        resource[ScimSchemas.EnterpriseUserUrn] = enterprise;
        foreach (var key in EnterpriseStrings)
        {
            if (user.CustomFields.FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.OrdinalIgnoreCase)) is { Value: { } value } && !Chosen(PlatformFields.Custom(key)))
            {
                enterprise[key] = value;
            }
        }

        if (managerId is not null)
        {
            enterprise["manager"] = new JsonObject { ["value"] = managerId };
        }

        if (CustomFieldKeys.Count > 0)
        {
            schemas.Add(FieldsUrn);
            resource[FieldsUrn] = new JsonObject();
        }

        Put(resource, PathOf(PlatformFields.FirstName), user.FirstName);
        Put(resource, PathOf(PlatformFields.LastName), user.LastName);
        foreach (var key in CustomFieldKeys)
        {
            if (user.CustomFields.TryGetValue(key, out var value))
            {
                Put(resource, PathOf(PlatformFields.Custom(key)), value);
            }
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

    /// <summary>Sets a string at a path of the resource (the core URN, or none, for a core attribute).</summary>
    private static void Put(JsonObject resource, AttributePath path, string value)
    {
        var holder = path.SchemaUrn is null || AttributePath.SameName(path.SchemaUrn, ScimSchemas.UserUrn)
            ? resource
            : (JsonObject)(resource[path.SchemaUrn] ??= new JsonObject());
        if (path.SubAttribute is null)
        {
            holder[path.Name] = value;
        }
        else
        {
            ((JsonObject)(holder[path.Name] ??= new JsonObject()))[path.SubAttribute] = value;
        }
    }

    private static string Text(JsonResourceView view, AttributePath path) =>
        view.ValuesOf(path) is [var value, ..] ? ScimJson.AsString(value)?.Trim() ?? "" : "";
}

/// <summary>The one feed row a SCIM User resource writes, and the layout of its cells.</summary>
public sealed record ScimUserRow(FeedRow Row, FieldLayout Layout);

/// <summary>A resource's <c>meta.location</c> (its absolute URL) and <c>meta.version</c> (its ETag, as sent in <c>ETag</c>).</summary>
public sealed record ScimResourceMeta(string Location, string Version);
