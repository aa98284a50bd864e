using UserDataFeed.Core.Scim;
using UserDataFeed.Core.Tenants;

namespace UserDataFeed.Service.Scim;

/// <summary>
/// The User schema of one tenant: RFC 7643's User and enterprise extension, and the tenant's custom fields as an
/// extension schema of ours (<see cref="FieldsUrn"/>), one string attribute per field, named by the field's key.
/// </summary>
public static class ScimTenantSchema
{
    /// <summary>Our extension's URN: our own namespace, not <c>urn:ietf:…</c>, which is the IETF's.</summary>
    public const string FieldsUrn = ScimUserMapping.FieldsUrn;

    public static ScimSchemaExtension Fields(IReadOnlyList<CustomField> fields) =>
        new(FieldsUrn, [.. fields.Select(field => new ScimAttribute(field.Key))]);

    public static ScimSchema User(IReadOnlyList<CustomField> fields) => ScimSchemas.User.WithExtension(Fields(fields));
}
