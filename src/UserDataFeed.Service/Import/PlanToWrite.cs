using UserDataFeed.Core.Imports;
using UserDataFeed.Core.Planning;

namespace UserDataFeed.Service.Import;

/// <summary>
/// What a run writes: the plan (or why the file cannot be imported), the local copy of the file its changes are made
/// from (open until they are written), what the plan was made against (<see cref="ImportRecord.PlanBasis"/>), and how
/// many of its first changes are written already.
/// </summary>
public sealed record PlanToWrite(PlanOutcome Outcome, Stream File, string? Basis, int Written);
