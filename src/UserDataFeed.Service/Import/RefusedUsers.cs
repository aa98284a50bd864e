using UserDataFeed.Core.Planning;

namespace UserDataFeed.Service.Import;

/// <summary>
/// The users of an import that the store refused to save (a 400 such as <c>EntityTooLarge</c>, which trying again cannot
/// change): each is a row error with the store's reason, and their changes leave the counts, while the rest of the
/// file applies.
/// </summary>
public static class RefusedUsers
{
    public const string Code = "store-refused";

    /// <summary>The row error of a refused user: the data row that decided the change (0 for a user the file does not list), and the email.</summary>
    public static RowIssue Issue(UserChange change, string storeCode) => new(
        change.Row, "", change.Email, Code,
        $"The store refused to save this user ({storeCode}); the user was left unchanged.", IssueSeverity.Error);

    /// <summary>The planned counts without the refused users' changes, with one error for each.</summary>
    public static ImportCounts TakenFromCounts(ImportCounts counts, IReadOnlyList<(RowIssue Issue, ChangeKind Kind)> refused) =>
        refused.Count == 0 ? counts : counts with
        {
            Created = counts.Created - refused.Count(r => r.Kind == ChangeKind.Create),
            Updated = counts.Updated - refused.Count(r => r.Kind == ChangeKind.Update),
            Deactivated = counts.Deactivated - refused.Count(r => r.Kind == ChangeKind.Deactivate),
            Reactivated = counts.Reactivated - refused.Count(r => r.Kind == ChangeKind.Reactivate),
            Errors = counts.Errors + refused.Count,
        };
}
