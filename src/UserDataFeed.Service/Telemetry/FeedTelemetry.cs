using System.Diagnostics;
using System.Diagnostics.Metrics;
using UserDataFeed.Core.Planning;

namespace UserDataFeed.Service.Telemetry;

/// <summary>The service's one activity source and its metrics; both reach Application Insights through OpenTelemetry/the worker.</summary>
public sealed class FeedTelemetry
{
    public const string Name = "UserDataFeed";

    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> rows;
    private readonly Counter<long> created;
    private readonly Counter<long> updated;
    private readonly Counter<long> deactivated;
    private readonly Counter<long> errors;
    private readonly Counter<long> imports;
    private readonly Histogram<double> duration;
    private readonly Counter<long> poisoned;

    public FeedTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        rows = meter.CreateCounter<long>("udf.import.rows", "{row}", "Data rows read from feed files");
        created = meter.CreateCounter<long>("udf.import.users.created", "{user}", "Users created by the feed");
        updated = meter.CreateCounter<long>("udf.import.users.updated", "{user}", "Users updated or reactivated by the feed");
        deactivated = meter.CreateCounter<long>("udf.import.users.deactivated", "{user}", "Feed users deactivated for absence");
        errors = meter.CreateCounter<long>("udf.import.row_errors", "{row}", "Row errors found in feed files");
        imports = meter.CreateCounter<long>("udf.imports", "{import}", "Imports by outcome");
        duration = meter.CreateHistogram<double>("udf.import.duration", "s", "Time of the run that ended the import");
        poisoned = meter.CreateCounter<long>("udf.work.poisoned", "{message}", "Work messages given up after Feed:MaxDequeues takes");
    }

    public void RecordPoisoned(string tenantId) => poisoned.Add(1, new KeyValuePair<string, object?>("tenant", tenantId));

    public void Record(string tenantId, string status, ImportCounts counts, TimeSpan elapsed)
    {
        var tenant = new KeyValuePair<string, object?>("tenant", tenantId);
        rows.Add(counts.Rows, tenant);
        created.Add(counts.Created, tenant);
        updated.Add(counts.Updated + counts.Reactivated, tenant);
        deactivated.Add(counts.Deactivated, tenant);
        errors.Add(counts.Errors, tenant);
        imports.Add(1, tenant, new KeyValuePair<string, object?>("status", status));
        duration.Record(elapsed.TotalSeconds, tenant, new KeyValuePair<string, object?>("status", status));
    }
}
