using System.ComponentModel.DataAnnotations;

namespace UserDataFeed.Adapters.Queues;

/// <summary>Settings section <c>Queues</c>: the work queue every instance takes tenants' work from.</summary>
public sealed class QueueOptions : IValidatableObject
{
    public const string Section = "Queues";

    /// <summary>
    /// A Queue Storage connection string; used when <see cref="ServiceUri"/> is not set. When both are empty,
    /// <c>Tables:ConnectionString</c> (one account, or one Azurite, holds both).
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// The account's queue endpoint, e.g. <c>https://myaccount.queue.core.windows.net</c>, reached with
    /// <c>DefaultAzureCredential</c> (the app's managed identity). Takes precedence over <see cref="ConnectionString"/>.
    /// </summary>
    public string ServiceUri { get; set; } = "";

    /// <summary>The work queue's name; when empty, <c>{Tables:Prefix}-work</c> in lower case.</summary>
    [RegularExpression(@"\A(|[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9])\z", ErrorMessage = "Queues:Name must be 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.")]
    public string Name { get; set; } = "";

    /// <summary>
    /// How long a message a self-host worker took stays hidden from other workers; the worker extends it while
    /// it works, so this is how soon a crashed worker's message is taken again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00", ErrorMessage = "Queues:VisibilityTimeout must be between 00:00:05 and 00:10:00.")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest a self-host worker waits between looks at an empty queue (it looks at once after sending).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Queues:MaxPollingInterval must be between 00:00:00.100 and 00:01:00.")]
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    public static string DefaultName(string tablePrefix) => $"{tablePrefix.ToLowerInvariant()}-work";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        StoreEndpoint.Problems(Section, "queue", ServiceUri, ConnectionString, "the Azure Queue Storage (or Azurite) connection string");
}
