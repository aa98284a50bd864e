using System.Text.Json.Nodes;

namespace UserDataFeed.Core.Scim;

/// <summary>What each operation does at the attribute its path names: plain, through a value filter, or on every value.</summary>
public sealed partial class ScimPatcher
{
    private static void ApplyPlain(JsonObject holder, ScimPatchOp op, ScimResolvedPath resolved, JsonNode? value)
    {
        var attribute = resolved.Attribute;
        var at = resolved.Path.ToString();
        if (resolved.Sub is { } sub)
        {
            // name.givenName, manager.value: a sub-attribute of a single complex value.
            var parent = ScimJson.Get(holder, attribute.Name) as JsonObject;
            if (op == ScimPatchOp.Remove)
            {
                if (parent is not null)
                {
                    ScimJson.Remove(parent, sub.Name);
                }

                return;
            }

            if (parent is null)
            {
                parent = [];
                ScimJson.Set(holder, attribute.Name, parent);
            }

            SetOrRemove(parent, sub.Name, ScimValues.One(value, sub, at));
            return;
        }

        switch (op)
        {
            case ScimPatchOp.Remove when value is JsonArray listed && attribute.MultiValued:
                // Entra without aadOptscim062020 removes group members as {"op":"Remove","path":"members","value":[{"value":"id"}]}.
                var removed = (JsonArray)ScimValues.Whole(listed, attribute, at)!;
                RemoveValues(holder, attribute, element => removed.Any(gone => SameValue(attribute, element, gone)));
                break;
            case ScimPatchOp.Remove:
                ScimJson.Remove(holder, attribute.Name);
                break;
            case ScimPatchOp.Add when attribute.MultiValued:
                var added = (JsonArray?)ScimValues.Whole(value, attribute, at);
                foreach (var element in added?.ToList() ?? [])
                {
                    Append(holder, attribute, element!.DeepClone());
                }

                break;
            case ScimPatchOp.Add or ScimPatchOp.Replace when attribute.IsComplex && !attribute.MultiValued && value is not null:
                var given = (JsonObject)ScimValues.One(value, attribute, at)!;
                if (ScimJson.Get(holder, attribute.Name) is not JsonObject current)
                {
                    current = [];
                    ScimJson.Set(holder, attribute.Name, current);
                }

                foreach (var (name, member) in given.ToList())
                {
                    given.Remove(name);
                    SetOrRemove(current, name, member);
                }

                break;
            default:
                SetOrRemove(holder, attribute.Name, ScimValues.Whole(value, attribute, at));
                break;
        }
    }

    /// <summary><c>emails[type eq "work"].value</c>, <c>members[value eq "id"]</c>: the values the filter matches.</summary>
    private void ApplyFiltered(JsonObject holder, ScimPatchOp op, ScimPatchPath path, ScimResolvedPath resolved, JsonNode? value)
    {
        var attribute = resolved.Attribute;
        if (!attribute.MultiValued || !attribute.IsComplex || resolved.Sub is not null)
        {
            throw new ScimException(ScimTypes.InvalidPath, $"'{path.Attribute}' is not a multi-valued complex attribute, so it takes no '[ ]' filter");
        }

        ScimFilterChecker.CheckValueFilter(path.ValueFilter!, schema, resolved);
        var sub = path.SubAttribute is null
            ? null
            : attribute.SubAttribute(path.SubAttribute)
                ?? throw new ScimException(ScimTypes.InvalidPath, $"'{attribute.Name}' has no sub-attribute '{path.SubAttribute}'");
        var at = path.ToString();
        bool Matches(JsonObject element) => evaluator.MatchesValue(path.ValueFilter!, element, resolved);

        if (op == ScimPatchOp.Remove)
        {
            if (sub is null)
            {
                RemoveValues(holder, attribute, element => element is JsonObject json && Matches(json));
            }
            else
            {
                foreach (var element in Elements(holder, attribute).Where(Matches))
                {
                    ScimJson.Remove(element, sub.Name);
                }
            }

            return;
        }

        var matches = Elements(holder, attribute).Where(Matches).ToList();
        if (matches.Count == 0)
        {
            // Entra adds a work email as {"op":"Add","path":"emails[type eq \"work\"].value","value":"…"}: a filter of
            // equalities describes the value to make. Any other filter that matches nothing has no target.
            var made = Equalities(path.ValueFilter!)
                ?? throw new ScimException(ScimTypes.NoTarget, $"no value of '{attribute.Name}' matches [{ScimFilterPrinter.Print(path.ValueFilter!)}]");
            Append(holder, attribute, (JsonObject)ScimValues.One(made, attribute, at)!);
            matches = [.. Elements(holder, attribute).Where(Matches)];
        }

        foreach (var element in matches)
        {
            if (sub is not null)
            {
                SetOrRemove(element, sub.Name, ScimValues.One(value, sub, at));
                continue;
            }

            var given = ScimValues.One(value, attribute, at) as JsonObject
                ?? throw new ScimException(ScimTypes.InvalidValue, $"{at} must be an object");
            if (op == ScimPatchOp.Replace)
            {
                element.Clear();
            }

            foreach (var (name, member) in given.ToList())
            {
                given.Remove(name);
                SetOrRemove(element, name, member);
            }
        }
    }

    /// <summary><c>emails.value</c> without a filter: that sub-attribute of every value.</summary>
    private static void ApplyToEachValue(JsonObject holder, ScimPatchOp op, ScimResolvedPath resolved, JsonNode? value)
    {
        var elements = Elements(holder, resolved.Attribute).ToList();
        if (op != ScimPatchOp.Remove && elements.Count == 0)
        {
            throw new ScimException(ScimTypes.NoTarget, $"'{resolved.Attribute.Name}' has no values to set '{resolved.Sub!.Name}' on");
        }

        foreach (var element in elements)
        {
            SetOrRemove(element, resolved.Sub!.Name, op == ScimPatchOp.Remove ? null : ScimValues.One(value, resolved.Sub!, resolved.Path.ToString()));
        }
    }

    private static IEnumerable<JsonObject> Elements(JsonObject holder, ScimAttribute attribute) =>
        ScimJson.Get(holder, attribute.Name) is JsonArray array ? array.OfType<JsonObject>() : [];

    /// <summary>Adds a value unless an equal one is there; a new primary value takes primary from the others (RFC 7643 §2.4).</summary>
    private static void Append(JsonObject holder, ScimAttribute attribute, JsonNode element)
    {
        if (ScimJson.Get(holder, attribute.Name) is not JsonArray array)
        {
            array = [];
            ScimJson.Set(holder, attribute.Name, array);
        }

        var same = array.FirstOrDefault(existing => SameValue(attribute, existing, element));
        if (same is JsonObject existingObject && element is JsonObject addedObject)
        {
            foreach (var (name, member) in addedObject.ToList())
            {
                addedObject.Remove(name);
                SetOrRemove(existingObject, name, member);
            }
        }
        else if (same is null)
        {
            array.Add(element);
        }

        if (element is JsonObject json && ScimJson.Get(json, "primary") is JsonValue primary && primary.TryGetValue(out bool isPrimary) && isPrimary)
        {
            foreach (var other in array.OfType<JsonObject>().Where(other => !ReferenceEquals(other, same ?? element)))
            {
                ScimJson.Remove(other, "primary");
            }
        }
    }

    /// <summary>Two values are the same value when their <c>value</c> (and <c>type</c>, if either has one) are equal.</summary>
    private static bool SameValue(ScimAttribute attribute, JsonNode? a, JsonNode? b)
    {
        if (a is not JsonObject left || b is not JsonObject right || attribute.SubAttribute("value") is not { } valueAttribute)
        {
            return JsonNode.DeepEquals(a, b);
        }

        var comparison = valueAttribute.CaseExact ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        var leftValue = ScimJson.Get(left, "value");
        var rightValue = ScimJson.Get(right, "value");
        var sameValue = ScimJson.AsString(leftValue) is { } l && ScimJson.AsString(rightValue) is { } r
            ? string.Equals(l, r, comparison)
            : leftValue is not null && JsonNode.DeepEquals(leftValue, rightValue);
        return sameValue && string.Equals(ScimJson.AsString(ScimJson.Get(left, "type")), ScimJson.AsString(ScimJson.Get(right, "type")), StringComparison.OrdinalIgnoreCase);
    }

    private static void RemoveValues(JsonObject holder, ScimAttribute attribute, Func<JsonNode?, bool> removed)
    {
        if (ScimJson.Get(holder, attribute.Name) is not JsonArray array)
        {
            return;
        }

        foreach (var element in array.Where(removed).ToList())
        {
            array.Remove(element);
        }

        if (array.Count == 0)
        {
            ScimJson.Remove(holder, attribute.Name);
        }
    }

    /// <summary>The value a filter of <c>eq</c> comparisons joined by <c>and</c> describes, or null for any other filter.</summary>
    private static JsonObject? Equalities(ScimFilter filter)
    {
        var made = new JsonObject();
        IEnumerable<ScimFilter> parts = filter is ScimLogical { All: true } all ? all.Operands : [filter];
        foreach (var part in parts)
        {
            if (part is not ScimComparison { Operator: ScimOperator.Eq, Value: { Kind: ScimLiteralKind.String or ScimLiteralKind.Boolean } literal } comparison
                || made.ContainsKey(comparison.Path.Name))
            {
                return null;
            }

            made[comparison.Path.Name] = literal.Kind == ScimLiteralKind.Boolean ? JsonValue.Create(literal.Text == "true") : JsonValue.Create(literal.Text);
        }

        return made;
    }

    private static void SetOrRemove(JsonObject json, string name, JsonNode? value)
    {
        if (value is null)
        {
            ScimJson.Remove(json, name);
        }
        else
        {
            ScimJson.Set(json, name, value);
        }
    }
}
