using System.Globalization;

namespace UserDataFeed.Bench;

/// <summary>A minimal "--name value" / "--flag" command line.</summary>
public sealed class CommandLine(IReadOnlyList<string> args)
{
    public bool Flag(string name) => args.Contains(name, StringComparer.Ordinal);

    public string? Value(string name)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }

        return null;
    }

    public string Required(string name) => Value(name) ?? throw new ArgumentException($"{name} is required.");

    public int? Number(string name) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : null;

    public IReadOnlyList<int>? Numbers(string name) =>
        Value(name) is { } v ? [.. v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture))] : null;
}
