namespace UserDataFeed.Bench.Generator;

/// <summary>The header of a generated export and the mapping a tenant admin would save for it.</summary>
public static class HrColumns
{
    public const string EmployeeId = "Employee ID";
    public const string Email = "Work Email";
    public const string FirstName = "First Name";
    public const string LastName = "Last Name";
    public const string Status = "Status";
    public const string Roles = "Roles";
    public const string Managers = "Manager Email";
    public const string Department = "Department";
    public const string Site = "Site";
    public const string CostCentre = "Cost Centre";

    public static readonly IReadOnlyList<string> Header =
        [EmployeeId, Email, FirstName, LastName, Status, Roles, Managers, Department, Site, CostCentre];

    /// <summary>Custom profile fields of the tenant: key and label.</summary>
    public static readonly IReadOnlyList<(string Key, string Label)> CustomFields =
        [("department", "Department"), ("site", "Site"), ("costCentre", "Cost centre")];

    /// <summary>Matching by email (the default); the employee id column is in the file but not mapped.</summary>
    public static Dictionary<string, string> Mapping() => new(StringComparer.Ordinal)
    {
        ["email"] = Email,
        ["firstName"] = FirstName,
        ["lastName"] = LastName,
        ["status"] = Status,
        ["roles"] = Roles,
        ["managers"] = Managers,
        ["custom.department"] = Department,
        ["custom.site"] = Site,
        ["custom.costCentre"] = CostCentre,
    };

    public const string Groups = "Groups";
    public const string EndDate = "End Date";

    /// <summary>The header of the variant with groups and end dates (R1, R3).</summary>
    public static readonly IReadOnlyList<string> RichHeader = [.. Header, Groups, EndDate];

    /// <summary>The mapping of that variant: the same fields, plus groups and the end date.</summary>
    public static Dictionary<string, string> RichMapping() => new(Mapping(), StringComparer.Ordinal) { ["groups"] = Groups, ["endDate"] = EndDate };

    public static IEnumerable<string> RichCells(HrPerson p) => [.. Cells(p), p.Groups, p.EndDate];

    public static IEnumerable<string> Cells(HrPerson p) =>
        [p.EmployeeId, p.Email, p.FirstName, p.LastName, p.Status, p.Roles, p.ManagerEmails, p.Department, p.Site, p.CostCentre];
}
