using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using UserDataFeed.Adapters;

namespace UserDataFeed.IntegrationTests;

/// <summary>
/// A value longer than the platform stores is the row's error in the dry run and the import alike, never a storage fault;
/// a transaction the store still refuses fails only its users, with the store's reason, and the rest of the file applies.
/// </summary>
public sealed class ValueLimitsEndToEndTests
{
    private static readonly Dictionary<string, string> Mapping = new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" };

    [Fact]
    public async Task Forty_thousand_character_first_name_is_a_row_error_in_the_dry_run_and_the_import_and_the_valid_rows_apply()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "longname", Mapping);
        var csv = $"Email,First,Last\r\nbob@long.example,Bob,Ray\r\nann@long.example,{new string('A', 40_000)},Lee\r\ncy@long.example,Cy,Ng\r\n";

        var dryRun = await tenant.Admin.PostAsync("/api/tenants/longname/feed/dry-run", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var record = await tenant.ImportAsync(csv);

        var planned = await dryRun.JsonAsync(HttpStatusCode.OK);
        var issues = await tenant.IssuesAsync(record.Str("importId"));
        foreach (var errors in new[] { planned.GetProperty("errors"), issues.GetProperty("errors") })
        {
            var error = Assert.Single(errors.EnumerateArray());
            Assert.Equal((2, "First", "value-too-long"), (error.GetProperty("row").GetInt32(), error.Str("column"), error.Str("code")));
            Assert.Equal("This value has 40,000 characters; firstName may have at most 256.", error.Str("message"));
        }

        Assert.Equal(("completedWithErrors", 1), (record.Str("status"), record.GetProperty("attempts").GetInt32()));
        Assert.Equal((2, 1), (record.Count("created"), record.Count("errors")));
        Assert.Equal(["bob@long.example", "cy@long.example"], (await tenant.UsersAsync()).Keys.Order());
    }

    [Fact]
    public async Task Users_whose_values_are_all_at_their_maximum_lengths_are_stored_with_their_history_in_transactions_the_store_takes()
    {
        var handler = new FailingUserBatchHandler();
        await using var service = await TestService.StartAsync(services: s => s.AddKeyedSingleton<HttpMessageHandler>(StoreClients.HandlerKey, handler));
        var keys = Enumerable.Range(0, 8).Select(i => $"f{i}").ToArray();
        var mapping = new Dictionary<string, string>(Mapping);
        foreach (var key in keys)
        {
            mapping[$"custom.{key}"] = key.ToUpperInvariant();
        }

        var tenant = await FeedTenant.CreateAsync(service, "fullvalues", mapping, [.. keys.Select(k => (k, k))]);
        var value = new string('é', 3_900); // 8 of them: 31,200 characters a user, under the 32,000 a row may hold
        var csv = new StringBuilder("Email,First,Last," + string.Join(',', keys.Select(k => k.ToUpperInvariant())) + "\r\n");
        for (var i = 0; i < 100; i++)
        {
            csv.Append(FormattableString.Invariant($"u{i:D3}@full.example,U,{i},{string.Join(',', keys.Select(_ => value))}\r\n"));
        }

        handler.UsersTable = service.TablePrefix + "Users";
        var record = await tenant.ImportAsync(csv.ToString());

        Assert.Equal(0, handler.RefusedByStore); // each transaction under the store's 4 MiB, each history entry under its 64 KiB
        Assert.Equal(("completed", 1, 100), (record.Str("status"), record.GetProperty("attempts").GetInt32(), record.Count("created")));
        Assert.Equal(value, (await tenant.UsersAsync())["u042@full.example"].GetProperty("customFields").GetProperty("f7").GetString());
        var entry = Assert.Single((await tenant.Admin.GetJsonAsync("/api/tenants/fullvalues/users/u042@full.example/history")).GetProperty("items").EnumerateArray());
        var kept = entry.GetProperty("changes").EnumerateArray().Single(c => c.Str("field") == "customFields.f7").Str("to");
        Assert.StartsWith("ééé", kept, StringComparison.Ordinal);
        Assert.EndsWith("…", kept, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transaction_the_store_refuses_fails_only_the_refused_user_with_the_reason_and_the_rest_applies_without_retries()
    {
        var handler = new FailingUserBatchHandler();
        await using var service = await TestService.StartAsync(services: s => s.AddKeyedSingleton<HttpMessageHandler>(StoreClients.HandlerKey, handler));
        var tenant = await FeedTenant.CreateAsync(service, "refused", Mapping);
        handler.UsersTable = service.TablePrefix + "Users";
        handler.OnlyWith = "big@refused.example";
        handler.Failure = FailingUserBatchHandler.Kind.Refused;
        const string File = "Email,First,Last\r\nann@refused.example,Ann,Lee\r\nbig@refused.example,Big,Value\r\ncy@refused.example,Cy,Ng\r\n";

        var record = await tenant.ImportAsync(File);

        Assert.Equal(2, handler.Failed); // the transaction of all three, then Big's alone: no retry by the client or the worker
        Assert.Equal(("completedWithErrors", 1, false), (record.Str("status"), record.GetProperty("attempts").GetInt32(), record.GetProperty("retryPending").GetBoolean()));
        Assert.Equal((2, 1), (record.Count("created"), record.Count("errors")));
        Assert.Equal(["ann@refused.example", "cy@refused.example"], (await tenant.UsersAsync()).Keys.Order());
        var error = Assert.Single((await tenant.IssuesAsync(record.Str("importId"))).GetProperty("errors").EnumerateArray());
        Assert.Equal((2, "big@refused.example", "store-refused"), (error.GetProperty("row").GetInt32(), error.Str("value"), error.Str("code")));
        Assert.Contains("PropertyValueTooLarge", error.Str("message"), StringComparison.Ordinal);

        // What was written is what the next file is planned against: the same file again creates only the refused user.
        handler.Failure = null;
        var again = await tenant.ImportAsync(File);
        Assert.Equal(("completed", 1, 2), (again.Str("status"), again.Count("created"), again.Count("unchanged")));
        Assert.Equal(3, (await tenant.UsersAsync()).Count);
    }

    [Fact]
    public async Task A_custom_field_past_the_tenants_maximum_is_a_400_naming_it() // a platform edit's names: UserNameLimitsTests
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "platlimit", Mapping);

        var fields = new List<HttpResponseMessage>();
        for (var i = 0; i < 100; i++) // the tenant has one field already ("department")
        {
            fields.Add(await service.Operator.PutAsJsonAsync($"/api/tenants/platlimit/fields/f{i}", new { label = $"Field {i}" }));
        }

        Assert.All(fields.SkipLast(1), f => Assert.Equal(HttpStatusCode.OK, f.StatusCode));
        Assert.Equal(HttpStatusCode.BadRequest, fields[^1].StatusCode);
        Assert.Equal("A tenant may define at most 100 custom fields; remove one first.",
            (await CsvUploadTests.ProblemAsync(fields[^1])).GetProperty("errors").GetProperty("fieldKey")[0].GetString());
        Assert.Equal(HttpStatusCode.OK, (await service.Operator.PutAsJsonAsync("/api/tenants/platlimit/fields/f0", new { label = "Renamed" })).StatusCode);
    }
}
