using System.ComponentModel.DataAnnotations;

namespace UserDataFeed.Adapters;

/// <summary>
/// How a settings section names an Azure Storage service: <c>ServiceUri</c> (reached with a managed identity) or
/// <c>ConnectionString</c> (Azurite, CI). The start-up checks shared by every such section (Tables, and Queues later).
/// </summary>
public static class StoreEndpoint
{
    /// <summary>What is wrong with the pair, in the words start-up validation reports; nothing when one of them is usable.</summary>
    /// <param name="section">The settings section, e.g. <c>Tables</c>.</param>
    /// <param name="service">The service's host label, e.g. <c>table</c> (for the example URI).</param>
    /// <param name="connectionMeaning">What the connection string is, e.g. "the Azure Table Storage (or Azurite) connection string".</param>
    public static IEnumerable<ValidationResult> Problems(string section, string service, string serviceUri, string connectionString, string connectionMeaning)
    {
        if (serviceUri.Length > 0)
        {
            if (!Uri.TryCreate(serviceUri, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            {
                yield return new ValidationResult(
                    $"{section}:ServiceUri must be an absolute http(s) URI such as https://<account>.{service}.core.windows.net.", ["ServiceUri"]);
            }
        }
        else if (connectionString.Length == 0)
        {
            yield return new ValidationResult(
                $"{section}:ConnectionString or {section}:ServiceUri is required: {connectionMeaning}, or the account's {service} endpoint " +
                $"(https://<account>.{service}.core.windows.net) to reach with a managed identity.",
                ["ConnectionString", "ServiceUri"]);
        }
    }
}
