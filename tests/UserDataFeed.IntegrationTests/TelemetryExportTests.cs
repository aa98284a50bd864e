using Microsoft.Extensions.DependencyInjection;
using UserDataFeed.Service.Import;
using UserDataFeed.Service.Telemetry;

namespace UserDataFeed.IntegrationTests;

/// <summary>
/// The exporters the settings choose, against a loopback endpoint standing in for Application Insights' ingestion and
/// for an OTLP collector: what leaves the process names the import as the alert queries expect, and holds no secret.
/// </summary>
public sealed class TelemetryExportTests
{
    [Fact]
    public async Task With_an_application_insights_connection_string_the_import_events_metrics_and_spans_reach_the_ingestion_endpoint()
    {
        // The exporter's own usage reports would go to Microsoft's regional endpoint (none matches a loopback one; this makes sure).
        Environment.SetEnvironmentVariable("APPLICATIONINSIGHTS_STATSBEAT_DISABLED", "true");
        await using var sink = await TelemetrySink.StartAsync();
        var connection = $"InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint={sink.Address};LiveEndpoint={sink.Address}";
        await using var service = await TestService.StartAsync(s => s[TelemetryRegistration.AzureMonitorSetting] = connection);
        var (tenantId, importId, secrets) = await ImportAsync(service, "appi-export");

        var sent = sink.Received("/v2.1/track");
        Assert.Contains("\"EventName\":\"ImportEnded\"", sent, StringComparison.Ordinal);
        Assert.Contains($"\"TenantId\":\"{tenantId}\"", sent, StringComparison.Ordinal);
        Assert.Contains($"\"ImportId\":\"{importId}\"", sent, StringComparison.Ordinal);
        Assert.Contains("\"udf.imports\"", sent, StringComparison.Ordinal);
        Assert.Contains($"\"tenant\":\"{tenantId}\"", sent, StringComparison.Ordinal); // the metrics' dimension the alerts group by
        Assert.Contains("\"Status\":\"completed\"", sent, StringComparison.Ordinal);
        Assert.Contains($"\"import\":\"{importId}\"", sent, StringComparison.Ordinal); // a span's attribute
        Assert.All(secrets, s => Assert.DoesNotContain(s, sink.Received(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_an_otlp_endpoint_traces_metrics_and_logs_are_sent_over_otlp_and_nothing_without_either_setting()
    {
        await using var sink = await TelemetrySink.StartAsync();
        var service = await TestService.StartAsync(s =>
        {
            s[TelemetryRegistration.OtlpSetting] = sink.Address.ToString().TrimEnd('/');
            s["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        });
        var (tenantId, importId, secrets) = await ImportAsync(service, "otlp-export");
        await service.DisposeAsync(); // its exporters' last periodic batch is sent now, not while the quiet host below runs

        Assert.Contains(importId, sink.Received("/v1/traces"), StringComparison.Ordinal);
        Assert.Contains(tenantId, sink.Received("/v1/metrics"), StringComparison.Ordinal);
        Assert.Contains(importId, sink.Received("/v1/logs"), StringComparison.Ordinal);
        Assert.DoesNotContain(sink.Requests, r => r.Path.StartsWith("/v2", StringComparison.Ordinal));
        Assert.All(secrets, s => Assert.DoesNotContain(s, sink.Received(), StringComparison.Ordinal));

        // Without either setting a host exports nothing: the sink hears from no one else.
        var heard = sink.Requests.Count;
        await using var quiet = await TestService.StartAsync();
        await ImportAsync(quiet, "no-export");
        Assert.Equal(heard, sink.Requests.Count);
    }

    private static async Task<(string TenantId, string ImportId, string[] Secrets)> ImportAsync(TestService service, string tenantId)
    {
        var admin = await service.OnboardTenantAsync(tenantId);
        await admin.SaveMappingAsync(tenantId, new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" });
        var (s3, bucket, _, secret) = await admin.IssueKeyAsync(tenantId);
        await s3.UploadAsync(bucket, "exports/hr.csv", $"Email,First,Last\nann@{tenantId}.example,Ann,Lee\n");
        var importId = Assert.Single(await admin.PollAsync(tenantId));
        CapturedTelemetry.Flush(service.App.Services);
        return (tenantId, importId, [secret, admin.DefaultRequestHeaders.Authorization!.Parameter!, service.OperatorKey]);
    }
}
