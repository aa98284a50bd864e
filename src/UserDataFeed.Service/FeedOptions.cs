using System.ComponentModel.DataAnnotations;

namespace UserDataFeed.Service;

/// <summary>Settings section <c>Feed</c>: polling and import behaviour.</summary>
public sealed class FeedOptions
{
    public const string Section = "Feed";

    /// <summary>How often the self-host polls; 0 turns its timer off (polls then only run through the API).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Feed:PollInterval must be between 00:00:00 (off) and 1.00:00:00.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Table operations per transaction (Azure's limit is 100).</summary>
    [Range(1, 100, ErrorMessage = "Feed:BatchSize must be between 1 and 100 (Azure Table Storage's limit per transaction).")]
    public int BatchSize { get; set; } = 100;

    /// <summary>Transactions in flight at once during an import (user writes, then its issues).</summary>
    [Range(1, 64, ErrorMessage = "Feed:MaxParallelBatches must be between 1 and 64.")]
    public int MaxParallelBatches { get; set; } = 8;

    /// <summary>Work messages (tenants) one self-host process works on at once; the Functions app sets it in host.json's queue settings.</summary>
    [Range(1, 64, ErrorMessage = "Feed:MaxParallelTenants must be between 1 and 64.")]
    public int MaxParallelTenants { get; set; } = 4;

    /// <summary>How long a poller's hold on a tenant lasts unless renewed; a crashed poller's work is resumed after it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Feed:LeaseDuration must be between 00:00:01 and 01:00:00.")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Runs of one import before a storage fault makes it give up.</summary>
    [Range(1, 100, ErrorMessage = "Feed:MaxAttempts must be between 1 and 100.")]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// How long one work message may write before its run stops at a batch boundary and queues its
    /// continuation; well inside the Functions time limit (10 minutes on Consumption), planning included.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:08:00", ErrorMessage = "Feed:WorkBudget must be between 00:00:01 and 00:08:00 (the Functions time limit is 10 minutes).")]
    public TimeSpan WorkBudget { get; set; } = TimeSpan.FromMinutes(4);

    /// <summary>
    /// Takes of one work message before its import is failed with the reason (a worker crashed or timed out each
    /// time). Keep it below host.json's maxDequeueCount, so the import fails with a reason before the host
    /// moves the message to its poison queue.
    /// </summary>
    [Range(1, 100, ErrorMessage = "Feed:MaxDequeues must be between 1 and 100.")]
    public int MaxDequeues { get; set; } = 5;

    /// <summary>Files larger than this are rejected as a whole.</summary>
    [Range(1L, long.MaxValue, ErrorMessage = "Feed:MaxFileBytes must be positive.")]
    public long MaxFileBytes { get; set; } = 1L << 30;

    /// <summary>Why a file over <see cref="MaxFileBytes"/> is refused: the import's words, which the dry run repeats.</summary>
    public string TooLargeReason(long? size) => size is { } bytes
        ? $"The file is {bytes:N0} bytes, over the limit of {MaxFileBytes:N0} bytes."
        : $"The file is over the limit of {MaxFileBytes:N0} bytes.";
}
