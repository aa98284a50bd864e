using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using UserDataFeed.Core.Imports;
using UserDataFeed.Core.Planning;

namespace UserDataFeed.Service.Import;

/// <summary>What IT finds in <c>results/</c>: a JSON summary and, when rows failed, a CSV of the issues.</summary>
public static class ImportReports
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a file for people to read, never embedded in HTML
    };

    /// <summary>The record as the API shows it (the same names: <c>etag</c>, not <c>eTag</c>).</summary>
    public static string Summary(ImportRecord record) => JsonSerializer.Serialize(new
    {
        record.ImportId,
        record.FileKey,
        Etag = record.ETag,
        record.Status,
        record.Reason,
        record.StartedAt,
        record.FinishedAt,
        record.Counts,
    }, Json);

    /// <summary>Writes the issues as CSV (UTF-8, no BOM) to <paramref name="output"/>, left open: a file of 100k issues is never one string.</summary>
    public static void WriteIssuesCsv(IEnumerable<RowIssue> issues, Stream output)
    {
        using var csv = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen: true);
        csv.Write("row,severity,column,value,code,reason\r\n");
        foreach (var issue in issues)
        {
            csv.Write(issue.Row);
            csv.Write(issue.Severity == IssueSeverity.Error ? ",error," : ",warning,");
            csv.Write(Cell(issue.Column));
            csv.Write(',');
            csv.Write(Cell(issue.Value));
            csv.Write(',');
            csv.Write(Cell(issue.Code));
            csv.Write(',');
            csv.Write(Cell(issue.Message));
            csv.Write("\r\n");
        }
    }

    /// <summary>A CSV cell a spreadsheet shows as text: formula starters are neutralised with a leading quote.</summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
