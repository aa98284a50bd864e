namespace UserDataFeed.Core.Planning;

/// <summary>
/// A user a held file would deactivate: who (their email as stored, id, external id and name, when known) and why, in
/// the words of their history (<see cref="Users.UserHistory.Reasons"/>: absent from file, status column, end date passed, …).
/// </summary>
public sealed record PlannedDeactivation(string Email, string? UserId, string? ExternalId, string FirstName, string LastName, string Reason);
