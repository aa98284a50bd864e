using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using UserDataFeed.Adapters.S3;
using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Imports;
using UserDataFeed.Core.Planning;

namespace UserDataFeed.Service.Import;

/// <summary>What IT finds in <c>results/</c>: a JSON summary, when rows failed a CSV of the issues, and when the file was held a CSV of whom it would deactivate.</summary>
public static class ImportReports
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a file for people to read, never embedded in HTML
    };

    /// <summary>
    /// The record as the API shows it (the same names: <c>etag</c>, not <c>eTag</c>). An import that was held names its
    /// deactivations CSV (<c>heldDeactivations</c>), with how many it lists while the counts are still the held plan's.
    /// </summary>
    public static string Summary(ImportRecord record)
    {
        var summary = JsonSerializer.SerializeToNode(new
        {
            record.ImportId,
            record.FileKey,
            Etag = record.ETag,
            record.Status,
            record.Reason,
            record.StartedAt,
            record.FinishedAt,
            record.Counts,
        }, Json)!.AsObject();
        if (record.Status is ImportStatus.Held or ImportStatus.Rejected || record.Approved)
        {
            summary["heldDeactivations"] = JsonSerializer.SerializeToNode(new
            {
                Count = record.Status is ImportStatus.Held or ImportStatus.Rejected ? record.Counts.Deactivated : (int?)null,
                File = BucketLayout.DeactivationsKey(record.ImportId),
            }, Json);
        }

        return summary.ToJsonString(Json);
    }

    /// <summary>Writes the issues as CSV (UTF-8, no BOM) to <paramref name="output"/>, left open: a file of 100k issues is never one string.</summary>
    public static void WriteIssuesCsv(IEnumerable<RowIssue> issues, Stream output)
    {
        var csv = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen: true);
        CsvOutput.Write(csv, IssuesHeader, issues.Select(issue => new[]
        {
            issue.Row.ToString(CultureInfo.InvariantCulture),
            issue.Severity == IssueSeverity.Error ? "error" : "warning",
            Text(issue.Column),
            Text(issue.Value),
            Text(issue.Code),
            Text(issue.Message),
        }));
    }

    /// <summary>Writes users a held import would deactivate as CSV rows (UTF-8, no BOM) to <paramref name="output"/>, left open; the header first when asked.</summary>
    public static void WriteDeactivationsCsv(IEnumerable<PlannedDeactivation> deactivations, Stream output, bool withHeader)
    {
        var csv = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen: true);
        CsvOutput.Write(csv, DeactivationsHeader, deactivations.Select(d => new[]
        {
            Text(d.Email),
            Text(d.UserId ?? ""),
            Text(d.ExternalId ?? ""),
            Text(d.FirstName),
            Text(d.LastName),
            Text(d.Reason),
        }), withHeader);
    }

    private static readonly string[] DeactivationsHeader = ["email", "userId", "externalId", "firstName", "lastName", "reason"];

    private static readonly string[] IssuesHeader = ["row", "severity", "column", "value", "code", "reason"];

    /// <summary>A cell a spreadsheet shows as text: formula starters are neutralised with a leading quote (CSV quoting is <see cref="CsvOutput"/>'s).</summary>
    public static string Text(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}
