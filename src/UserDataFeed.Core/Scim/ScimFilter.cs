namespace UserDataFeed.Core.Scim;

/// <summary>
/// A parsed SCIM filter (RFC 7644 §3.4.2.2): an immutable tree compared by value. <see cref="ScimFilterParser"/> makes
/// it, <see cref="ScimFilterPrinter"/> writes it back, <see cref="ScimFilterEvaluator"/> runs it on a resource.
/// </summary>
public abstract record ScimFilter
{
    public sealed override string ToString() => ScimFilterPrinter.Print(this);
}

/// <summary>The comparison operators, <c>pr</c> (present) the only one without a value.</summary>
public enum ScimOperator
{
    Eq,
    Ne,
    Co,
    Sw,
    Ew,
    Pr,
    Gt,
    Ge,
    Lt,
    Le,
}

/// <summary><c>path op value</c>, or <c>path pr</c> (then <see cref="Value"/> is null).</summary>
public sealed record ScimComparison(AttributePath Path, ScimOperator Operator, ScimLiteral? Value) : ScimFilter
{}

/// <summary>
/// Operands joined by <c>and</c> (<see cref="All"/>) or <c>or</c>: two or more, in their order. A chain
/// <c>a and b and c</c> is one node, so a long chain does not make a deep tree.
/// </summary>
public sealed record ScimLogical(bool All, IReadOnlyList<ScimFilter> Operands) : ScimFilter
{
    public IReadOnlyList<ScimFilter> Operands { get; init; } = Operands.Count >= 2
        ? Operands.ToArray()
        : throw new ArgumentException("and/or joins two or more operands", nameof(Operands));

    public bool Equals(ScimLogical? other) =>
        other is not null && All == other.All && Operands.SequenceEqual(other.Operands);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(All);
        foreach (var operand in Operands)
        {
            hash.Add(operand);
        }

        return hash.ToHashCode();
    }
}

/// <summary><c>not (inner)</c>.</summary>
public sealed record ScimNot(ScimFilter Inner) : ScimFilter
{}

/// <summary>
/// <c>emails[type eq "work"]</c>: some value of the multi-valued <see cref="Path"/> matches <see cref="Inner"/>, whose
/// paths name that value's sub-attributes. Entra's <c>emails[type eq "work"].value eq "x"</c> reads as
/// <c>emails[type eq "work" and value eq "x"]</c>.
/// </summary>
public sealed record ScimValuePath(AttributePath Path, ScimFilter Inner) : ScimFilter
{}

/// <summary>The kinds of a filter's comparison value: JSON's string, number, true/false and null.</summary>
#pragma warning disable CA1720 // The members are JSON's names of the kinds.
public enum ScimLiteralKind
{
    String,
    Number,
    Boolean,
    Null,
}
#pragma warning restore CA1720

/// <summary>
/// A comparison value. <see cref="Text"/> is the string itself (unescaped), the number as written, <c>true</c> or
/// <c>false</c>, or null for JSON's null.
/// </summary>
public sealed record ScimLiteral(ScimLiteralKind Kind, string? Text)
{
    public static readonly ScimLiteral Null = new(ScimLiteralKind.Null, null);

    public static ScimLiteral OfString(string text) => new(ScimLiteralKind.String, text);

    public static ScimLiteral OfBoolean(bool value) => new(ScimLiteralKind.Boolean, value ? "true" : "false");

    public static ScimLiteral OfNumber(string text) => new(ScimLiteralKind.Number, text);
}
