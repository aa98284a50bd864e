using UserDataFeed.Core.Csv;
using UserDataFeed.Core.Mapping;
using UserDataFeed.Core.Planning;
using static UserDataFeed.Core.Tests.Builders;

namespace UserDataFeed.Core.Tests;

/// <summary>A row error or warning names the row's user, and a file refused for its header says what the header has.</summary>
public sealed class RowIssueUserTests
{
    [Fact]
    public void Each_issue_names_its_rows_user_by_email_else_external_id()
    {
        var mapping = MappingOf((PlatformFields.ExternalId, "Id"), (PlatformFields.Roles, "Roles"));

        var plan = Plan(mapping, "Email,First,Last,Id,Roles\nann@example.com,Ann,Lee,E1,\nBob@Example.com,,Ray,E2,Wizard\nnot-an-email,Cat,Poe,E3,\n,Dan,Fox,,\n");

        Assert.Equal(
            [(2, "missing-first-name", "bob@example.com"), (2, "unknown-role", "bob@example.com"), (3, "invalid-email", "E3"), (4, "missing-email", ""), (4, "missing-external-id", "")],
            plan.Issues.Select(i => (i.Row, i.Code, i.User)).ToList());
    }

    [Fact]
    public void A_missing_mapped_column_fails_the_file_with_the_columns_it_has()
    {
        var ex = Assert.Throws<InvalidFeedFileException>(() => Rows(MappingOf(), "Mail,First,Last\nann@example.com,Ann,Lee\n"));

        Assert.Contains("'Email'", ex.Reason, StringComparison.Ordinal);
        Assert.EndsWith("The file's columns: 'Mail', 'First', 'Last'.", ex.Reason, StringComparison.Ordinal);
    }
}
