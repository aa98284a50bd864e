namespace UserDataFeed.Adapters.Tables;

/// <summary>A tenant's admin tokens: <c>token|&lt;sha256&gt;</c> rows.</summary>
public sealed class AdminTokenStore(TableSet tables) : HashedTokenStore(tables, "token|");
