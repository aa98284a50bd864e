using System.Text;

namespace UserDataFeed.IntegrationTests;

/// <summary>A generated HR export in <see cref="FeedTenant.FullMapping"/>'s columns: managers, roles, statuses, departments.</summary>
public static class HrFile
{
    /// <summary>The header row of <see cref="FeedTenant.FullMapping"/>'s columns.</summary>
    public const string Header = "Email,First,Last,Status,Roles,Manager,EmployeeId,Dept\r\n";

    public static string Users(string domain, int count, int skipEvery = 0)
    {
        var csv = new StringBuilder(Header);
        string[] depts = ["Sales", "Support", "R&D", "Finance"];
        for (var i = 0; i < count; i++)
        {
            if (skipEvery > 0 && i % skipEvery == skipEvery - 1)
            {
                continue;
            }

            var manager = i < 10 ? "" : $"u{i / 10}@{domain}";
            var role = i % 50 == 0 ? "Administrator" : "";
            var status = i % 97 == 0 ? "0" : "1";
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"u{i}@{domain},Fïrst{i},Lâst{i},{status},{role},{manager},E{i},{depts[i % depts.Length]}\r\n");
        }

        return csv.ToString();
    }
}
