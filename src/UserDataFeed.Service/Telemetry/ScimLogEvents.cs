using Microsoft.Extensions.Logging;

namespace UserDataFeed.Service.Telemetry;

/// <summary>The log events of the SCIM provisioning log (<see cref="Scim.ScimRequestLog"/>).</summary>
internal static partial class Log
{
    [LoggerMessage(70, LogLevel.Warning, "Recording a SCIM request of tenant {TenantId} in its provisioning log failed on a store fault; the request was answered all the same")]
    public static partial void ScimLogWriteFaulted(ILogger logger, Exception exception, string tenantId);

    [LoggerMessage(71, LogLevel.Warning, "Trimming the SCIM provisioning log of tenant {TenantId} failed; a later request trims it")]
    public static partial void ScimLogTrimFaulted(ILogger logger, Exception exception, string tenantId);
}
