using System.Text;

namespace UserDataFeed.Bench.Generator;

/// <summary>Writes an export as Excel's "CSV UTF-8" does: BOM, CRLF, quotes only where a cell needs them.</summary>
public static class HrCsvWriter
{
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    /// <param name="rich">Writes the groups and end-date columns too (the R scenarios).</param>
    public static void Write(IEnumerable<HrPerson> people, Stream destination, bool rich = false)
    {
        using var writer = new StreamWriter(destination, Utf8WithBom, bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        WriteLine(writer, rich ? HrColumns.RichHeader : HrColumns.Header);
        foreach (var person in people)
        {
            WriteLine(writer, rich ? HrColumns.RichCells(person) : HrColumns.Cells(person));
        }
    }

    public static byte[] ToBytes(IEnumerable<HrPerson> people)
    {
        using var buffer = new MemoryStream();
        Write(people, buffer);
        return buffer.ToArray();
    }

    public static void WriteFile(IEnumerable<HrPerson> people, string path, bool rich = false)
    {
        using var file = File.Create(path);
        Write(people, file, rich);
    }

    private static void WriteLine(StreamWriter writer, IEnumerable<string> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                writer.Write(',');
            }

            first = false;
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                writer.Write('"');
                writer.Write(cell.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
            else
            {
                writer.Write(cell);
            }
        }

        writer.WriteLine();
    }
}
