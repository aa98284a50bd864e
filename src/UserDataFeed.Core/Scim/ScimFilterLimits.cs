namespace UserDataFeed.Core.Scim;

/// <summary>The limits on a filter or PATCH path, checked before any other work: what a client writes is far within them.</summary>
public static class ScimFilterLimits
{
    /// <summary>The longest filter or path, in characters.</summary>
    public const int MaxLength = 2000;

    /// <summary>The deepest nesting of <c>( )</c>, <c>not( )</c> and <c>[ ]</c>.</summary>
    public const int MaxDepth = 32;
}
