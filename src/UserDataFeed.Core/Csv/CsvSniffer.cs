using System.Text;

namespace UserDataFeed.Core.Csv;

/// <summary>What the first bytes of a file say about it: encoding, separator candidates, header line.</summary>
public sealed record CsvSniff(string Encoding, bool HasBom, string HeaderLine)
{
    /// <summary>Whether the header line ends within the bytes looked at, so it is whole (and fits the reader's buffer).</summary>
    public bool HeaderIsWhole { get; init; }
}

/// <summary>
/// Looks at the start of a file before the CSV reader does: rejects encodings other than UTF-8 and
/// binary content with a reason a person can act on, and finds the header line for separator detection.
/// </summary>
public static class CsvSniffer
{
    public const int SniffBytes = 64 * 1024;

    public static readonly IReadOnlyList<char> Separators = [',', ';', '\t'];

    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the start of <paramref name="stream"/> and returns the verdict plus a stream that replays what was read.</summary>
    public static async Task<(CsvSniff Sniff, Stream Replay)> SniffAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[SniffBytes];
        var length = 0;
        int n;
        while (length < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += n;
        }

        return (Inspect(buffer.AsSpan(0, length), complete: length < buffer.Length), new ReplayStream(buffer, length, stream));
    }

    /// <summary>The same, reading synchronously: for a local file read again from its start.</summary>
    public static (CsvSniff Sniff, Stream Replay) Sniff(Stream stream, bool leaveOpen)
    {
        var buffer = new byte[SniffBytes];
        var length = 0;
        int n;
        while (length < buffer.Length && (n = stream.Read(buffer.AsSpan(length))) > 0)
        {
            length += n;
        }

        return (Inspect(buffer.AsSpan(0, length), complete: length < buffer.Length), new ReplayStream(buffer, length, stream, leaveOpen));
    }

    internal static CsvSniff Inspect(ReadOnlySpan<byte> start, bool complete)
    {
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            throw new InvalidFeedFileException(
                "The file is UTF-16 text (Excel's \"Unicode Text\"). Save it as \"CSV UTF-8 (comma delimited)\" and upload it again.");
        }

        var hasBom = start.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
        var body = hasBom ? start[3..] : start;
        if (body.IsEmpty)
        {
            throw new InvalidFeedFileException("The file is empty: it has no header row.");
        }

        if (body.Contains((byte)0))
        {
            throw new InvalidFeedFileException(
                "The file contains NUL bytes: it is binary or UTF-16 text, not a UTF-8 CSV. Export it as \"CSV UTF-8\".");
        }

        // The sniffed block may end inside a multi-byte character; only decode whole characters.
        var decodable = complete ? body : body[..LastCharBoundary(body)];
        string text;
        try
        {
            text = StrictUtf8.GetString(decodable);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidFeedFileException(
                "The file is not UTF-8 text (it may be in a legacy encoding such as Windows-1252, or not text at all). Export it as \"CSV UTF-8\".");
        }

        var header = FirstLine(text);
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new InvalidFeedFileException("The file has no header row: its first line is blank.");
        }

        return new CsvSniff("utf-8", hasBom, header) { HeaderIsWhole = complete || header.Length < text.Length };
    }

    /// <summary>How often each separator occurs in the header outside quotes.</summary>
    public static IReadOnlyDictionary<char, int> CountSeparators(string headerLine)
    {
        var counts = Separators.ToDictionary(s => s, _ => 0);
        var quoted = false;
        foreach (var c in headerLine)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && counts.TryGetValue(c, out var count))
            {
                counts[c] = count + 1;
            }
        }

        return counts;
    }

    /// <summary>Splits a header line with the given separator, honouring quotes; names are trimmed.</summary>
    public static IReadOnlyList<string> SplitHeader(string headerLine, char separator)
    {
        var names = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < headerLine.Length; i++)
        {
            var c = headerLine[i];
            if (c == '"')
            {
                if (quoted && i + 1 < headerLine.Length && headerLine[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == separator && !quoted)
            {
                names.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        names.Add(current.ToString().Trim());
        return names;
    }

    private static string FirstLine(string text)
    {
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\r' or '\n')
            {
                return text[..i];
            }
        }

        return text;
    }

    private static int LastCharBoundary(ReadOnlySpan<byte> bytes)
    {
        // Step back over continuation bytes (10xxxxxx) to the lead byte of the last, possibly partial, character.
        var i = bytes.Length;
        var back = 0;
        while (i > 0 && back < 4 && (bytes[i - 1] & 0xC0) == 0x80)
        {
            i--;
            back++;
        }

        return i > 0 && bytes[i - 1] >= 0xC0 ? i - 1 : bytes.Length;
    }
}
