namespace UserDataFeed.Core.Scim;

/// <summary>
/// The schemas of RFC 7643 §4 and §8.7 as this service uses them: User with the enterprise extension, and Group.
/// Characteristics not listed take RFC 7643 §2.2's defaults (string, single-valued, not case-exact, readWrite,
/// returned by default).
/// </summary>
public static class ScimSchemas
{
    public const string UserUrn = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string GroupUrn = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string EnterpriseUserUrn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public const string PatchOpUrn = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private const ScimAttributeType Complex = ScimAttributeType.Complex;
    private const ScimMutability ReadOnly = ScimMutability.ReadOnly;

    /// <summary>Common attributes (RFC 7643 §3.1): id is returned always and case-exact, meta is the service's.</summary>
    private static readonly ScimAttribute[] Common =
    [
        new("id", CaseExact: true, Mutability: ReadOnly, Returned: ScimReturned.Always),
        new("externalId", CaseExact: true),
        new("meta", Complex, Mutability: ReadOnly, SubAttributes:
        [
            new("resourceType", CaseExact: true, Mutability: ReadOnly),
            new("created", ScimAttributeType.DateTime, Mutability: ReadOnly),
            new("lastModified", ScimAttributeType.DateTime, Mutability: ReadOnly),
            new("location", ScimAttributeType.Reference, CaseExact: true, Mutability: ReadOnly),
            new("version", CaseExact: true, Mutability: ReadOnly),
        ]),
    ];

    private static ScimAttribute MultiValued(string name, params ScimAttribute[] extra) =>
        new(name, Complex, MultiValued: true, SubAttributes:
        [
            new("value"),
            new("display"),
            new("type"),
            new("primary", ScimAttributeType.Boolean),
            .. extra,
        ]);

    public static ScimSchemaExtension EnterpriseUser { get; } = new(EnterpriseUserUrn,
    [
        new("employeeNumber"),
        new("costCenter"),
        new("organization"),
        new("division"),
        new("department"),
        new("manager", Complex, SubAttributes:
        [
            new("value"),
            new("$ref", ScimAttributeType.Reference, CaseExact: true),
            new("displayName", Mutability: ReadOnly),
        ]),
    ]);

    /// <summary>The User resource (RFC 7643 §4.1) with the enterprise extension (§4.3).</summary>
    public static ScimSchema User { get; } = new(UserUrn,
    [
        .. Common,
        new("userName"),
        new("name", Complex, SubAttributes:
        [
            new("formatted"),
            new("familyName"),
            new("givenName"),
            new("middleName"),
            new("honorificPrefix"),
            new("honorificSuffix"),
        ]),
        new("displayName"),
        new("nickName"),
        new("profileUrl", ScimAttributeType.Reference),
        new("title"),
        new("userType"),
        new("preferredLanguage"),
        new("locale"),
        new("timezone"),
        new("active", ScimAttributeType.Boolean),
        new("password", Mutability: ScimMutability.WriteOnly, Returned: ScimReturned.Never, CaseExact: true),
        MultiValued("emails"),
        MultiValued("phoneNumbers"),
        MultiValued("ims"),
        MultiValued("photos"),
        new("addresses", Complex, MultiValued: true, SubAttributes:
        [
            new("formatted"),
            new("streetAddress"),
            new("locality"),
            new("region"),
            new("postalCode"),
            new("country"),
            new("type"),
            new("primary", ScimAttributeType.Boolean),
        ]),
        new("groups", Complex, MultiValued: true, Mutability: ReadOnly, SubAttributes:
        [
            new("value", Mutability: ReadOnly),
            new("$ref", ScimAttributeType.Reference, CaseExact: true, Mutability: ReadOnly),
            new("display", Mutability: ReadOnly),
            new("type", Mutability: ReadOnly),
        ]),
        MultiValued("entitlements"),
        MultiValued("roles"),
        MultiValued("x509Certificates"),
    ], [EnterpriseUser]);

    /// <summary>The Group resource (RFC 7643 §4.2).</summary>
    public static ScimSchema Group { get; } = new(GroupUrn,
    [
        .. Common,
        new("displayName"),
        new("members", Complex, MultiValued: true, SubAttributes:
        [
            new("value", Mutability: ScimMutability.Immutable),
            new("$ref", ScimAttributeType.Reference, CaseExact: true, Mutability: ScimMutability.Immutable),
            new("display", Mutability: ReadOnly),
            new("type", Mutability: ScimMutability.Immutable),
        ]),
    ], []);
}
