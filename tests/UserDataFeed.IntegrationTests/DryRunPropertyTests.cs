using System.Net;
using System.Text;
using System.Text.Json;
using FsCheck.Fluent;
using UserDataFeed.Core.Tests;
using UserDataFeed.Core.Users;

namespace UserDataFeed.IntegrationTests;

/// <summary>
/// A dry run's counts are the real run's, for generated files (the unit tests' generators): each case is a
/// tenant with the scenario's platform users and a first generated file applied, then a second file dry-run and imported.
/// </summary>
public sealed class DryRunPropertyTests
{
    private const int Cases = 12;

    [Fact]
    public async Task Dry_run_counts_equal_the_real_runs_for_generated_files()
    {
        await using var service = await TestService.StartAsync();
        var scenarios = PlannerArbitraries.Scenario().Generator.Sample(40, Cases * 2);
        for (var i = 0; i < Cases; i++)
        {
            var (first, second) = (scenarios[2 * i], scenarios[(2 * i) + 1] with { Mapped = scenarios[2 * i].Mapped });
            var tenant = await FeedTenant.CreateAsync(service, $"dry-prop-{i}", MappingOf(first), ("dept", "Dept"));
            foreach (var user in first.Users.Where(u => u.CreatedBy == CreatedBy.Platform))
            {
                await tenant.PutPlatformUserAsync(EmailAddress.Normalize(user.Email));
            }

            await tenant.ImportAsync(first.Csv);
            var dry = await (await tenant.Admin.PostAsync($"/api/tenants/{tenant.TenantId}/feed/dry-run",
                new StringContent(second.Csv, Encoding.UTF8, "text/csv"))).JsonAsync(HttpStatusCode.OK);
            var real = await tenant.ImportAsync(second.Csv);

            var what = $"case {i}: after\n{first.Csv}the file\n{second.Csv}";
            Assert.True(dry.GetProperty("counts").GetRawText() == real.GetProperty("counts").GetRawText(),
                $"{what}dry run {dry.GetProperty("counts")}, real run {real.GetProperty("counts")}");
            Assert.True(dry.GetProperty("held").GetBoolean() == (real.Str("status") == "held"), $"{what}dry run held: {dry.GetProperty("held")}, real run {real.Str("status")}");
        }
    }

    private static Dictionary<string, string> MappingOf(Scenario scenario) =>
        scenario.Mapping.Fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
}
