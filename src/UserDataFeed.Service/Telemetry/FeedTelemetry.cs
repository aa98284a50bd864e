using System.Diagnostics;
using System.Diagnostics.Metrics;
using UserDataFeed.Core.Planning;

namespace UserDataFeed.Service.Telemetry;

/// <summary>
/// The service's one activity source and its metrics, exported by OpenTelemetry (<see cref="TelemetryRegistration"/>).
/// Spans: <c>poll</c> → <c>tenant</c> → <c>import</c> → <c>plan</c>, <c>write</c>, <c>report</c>; each from <c>tenant</c> on carries
/// the <see cref="TenantTag"/> (and from <c>import</c> on the <see cref="ImportTag"/> and <see cref="FileTag"/>) of its run.
/// </summary>
public sealed class FeedTelemetry
{
    public const string Name = "UserDataFeed";

    public const string TenantTag = "tenant";
    public const string ImportTag = "import";
    public const string FileTag = "file";

    public static readonly ActivitySource Source = new(Name);

    private static readonly string[] RunTags = [TenantTag, ImportTag, FileTag];

    private readonly Counter<long> rows;
    private readonly Counter<long> created;
    private readonly Counter<long> updated;
    private readonly Counter<long> deactivated;
    private readonly Counter<long> errors;
    private readonly Counter<long> imports;
    private readonly Histogram<double> duration;
    private readonly Counter<long> poisoned;
    private readonly Counter<long> stale;
    private readonly Counter<long> paused;

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
        paused = meter.CreateCounter<long>("udf.feed.paused", "{pause}", "Feeds that paused themselves after pauseAfterFailedFiles failed files in a row");
        stale = meter.CreateCounter<long>("udf.feed.stale", "{report}", "Tenants reported stale: no file within their staleAfter (at most once a day each)");
    }

    /// <summary>A poll of every feed-enabled tenant.</summary>
    public static Activity? StartPoll() => Source.StartActivity("poll");

    /// <summary>The work on one tenant (a work message), a child of the poll that sent it when its trace context came along.</summary>
    public static Activity? StartTenant(string tenantId, string? traceParent = null) =>
        (ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity("tenant", ActivityKind.Consumer, parent)
            : Source.StartActivity("tenant", ActivityKind.Consumer))?.SetTag(TenantTag, tenantId);

    /// <summary>A step of an import (<c>plan</c>, <c>report</c>): a child of the current span that carries its tenant, import and file.</summary>
    public static Activity? StartStep(string name)
    {
        var parent = Activity.Current;
        var activity = Source.StartActivity(name);
        if (activity is not null && parent is not null)
        {
            foreach (var tag in RunTags)
            {
                if (parent.GetTagItem(tag) is { } value)
                {
                    activity.SetTag(tag, value);
                }
            }
        }

        return activity;
    }

    /// <summary>The <c>write</c> step: the plan's changes in transactions of <paramref name="batchSize"/>.</summary>
    public static Activity? StartWrite(int changes, int batchSize) =>
        StartStep("write")?.SetTag("changes", changes).SetTag("batches", (changes + batchSize - 1) / Math.Max(1, batchSize));

    public void RecordStale(string tenantId) => stale.Add(1, new KeyValuePair<string, object?>(TenantTag, tenantId));

    public void RecordPaused(string tenantId) => paused.Add(1, new KeyValuePair<string, object?>(TenantTag, tenantId));

    public void RecordPoisoned(string tenantId) => poisoned.Add(1, new KeyValuePair<string, object?>(TenantTag, tenantId));

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
