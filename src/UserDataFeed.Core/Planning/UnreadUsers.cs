namespace UserDataFeed.Core.Planning;

/// <summary>What a plan does when a file changes a user it knows only by summary (the record was not read).</summary>
public enum UnreadUsers
{
    /// <summary>List the user in <see cref="PlanOutcome.NeedsRecords"/>: the caller reads the record and plans again.</summary>
    Read,

    /// <summary>
    /// Merge what the file decides into the stored user without reading it, when the summary says enough (see
    /// <see cref="UserChange.Patch"/> and <see cref="UserPatch"/>). Only for summaries that are current: nothing else wrote the users since.
    /// </summary>
    Merge,
}
