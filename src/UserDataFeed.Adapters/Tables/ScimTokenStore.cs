namespace UserDataFeed.Adapters.Tables;

/// <summary>A tenant's SCIM tokens: <c>scimtoken|&lt;sha256&gt;</c> rows, valid on the tenant's SCIM routes only.</summary>
public sealed class ScimTokenStore(TableSet tables) : HashedTokenStore(tables, "scimtoken|");
