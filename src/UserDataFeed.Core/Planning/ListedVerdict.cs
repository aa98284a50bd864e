using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// What a row that applies does to its user, decided once (<see cref="ImportPlanner.DecideListed"/>): the change it makes
/// (none when the user stays as they were) and the user's status once it applies, with why they are inactive. The
/// user's new record, their patch, their summary and the counts are projections of it; none decides again.
/// </summary>
internal readonly record struct ListedVerdict(ChangeKind? Kind, InactiveReason Status);
