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

    public static string Summary(ImportRecord record) => JsonSerializer.Serialize(new
    {
        record.ImportId,
        record.FileKey,
        record.ETag,
        record.Status,
        record.Reason,
        record.StartedAt,
        record.FinishedAt,
        record.Counts,
    }, Json);

    public static string IssuesCsv(IEnumerable<RowIssue> issues)
    {
        var csv = new StringBuilder("row,severity,column,value,code,reason\r\n");
        foreach (var issue in issues)
        {
            csv.Append(issue.Row).Append(',')
                .Append(issue.Severity == IssueSeverity.Error ? "error" : "warning").Append(',')
                .Append(Cell(issue.Column)).Append(',')
                .Append(Cell(issue.Value)).Append(',')
                .Append(Cell(issue.Code)).Append(',')
                .Append(Cell(issue.Message)).Append("\r\n");
        }

        return csv.ToString();
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
