using UserDataFeed.Core.Users;

namespace UserDataFeed.Core.Planning;

/// <summary>
/// What a row that applies does to its user, decided once (<see cref="ImportPlanner.DecideListed"/>): the change it makes
/// (none when the user stays as they were) and the user's status once it applies. The user's new record, their patch,
/// their summary and the counts are projections of it; none decides again.
/// </summary>
internal readonly record struct ListedVerdict(ChangeKind? Kind, ListedStatus Status);

/// <summary>
/// A listed user's status once their row applies (<see cref="ImportPlanner.StatusOnceTheRowApplies"/>): why they are
/// inactive (<see cref="InactiveReason.None"/> when active), and whether they wait for their start date to be activated.
/// </summary>
internal readonly record struct ListedStatus(InactiveReason Because, bool AwaitingStart);
