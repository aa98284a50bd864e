namespace UserDataFeed.Adapters.Queues;

/// <summary>
/// A message on the work queue: "work on this tenant's feed". It names only the tenant and why it was sent;
/// what to do is read from the tenant's import records and bucket when the message is taken, so a message
/// taken twice, late or out of order does no harm.
/// </summary>
public sealed record WorkMessage(string TenantId, string Kind)
{
    /// <summary>The W3C trace context of the sender, so the trace of a poll goes on in the worker that takes its message.</summary>
    public string? TraceParent { get; init; }

    /// <summary>Sent by the timer or an HTTP poll: look for new files (at most one waits per tenant).</summary>
    public const string Check = "check";

    /// <summary>Sent by a run that stopped at its work budget: go on where it stopped.</summary>
    public const string Continue = "continue";

    /// <summary>Sent after a storage fault stopped a run: resume it after a delay.</summary>
    public const string Retry = "retry";

    /// <summary>Sent when an admin approved a held import.</summary>
    public const string Approve = "approve";
}

/// <summary>A message a worker took: it stays hidden from others until completed or its visibility lapses.</summary>
public sealed record TakenWork(WorkMessage Message, string MessageId, string PopReceipt, long DequeueCount);
