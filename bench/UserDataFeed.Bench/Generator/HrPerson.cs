namespace UserDataFeed.Bench.Generator;

/// <summary>One row of a generated HR export, as the cells an HR system would write (row errors are just bad cells).</summary>
public sealed record HrPerson(
    int Index,
    string EmployeeId,
    string Email,
    string FirstName,
    string LastName,
    string Status,
    string Roles,
    string ManagerEmails,
    string Department,
    string Site,
    string CostCentre)
{
    /// <summary>The groups cell (pipe-separated), written only in the variant with groups and end dates.</summary>
    public string Groups { get; init; } = "";

    /// <summary>The end-date cell, written only in that variant.</summary>
    public string EndDate { get; init; } = "";
}
