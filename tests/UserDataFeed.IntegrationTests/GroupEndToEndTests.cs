using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using UserDataFeed.Adapters;
using UserDataFeed.Adapters.Tables;
using UserDataFeed.Core.Users;

namespace UserDataFeed.IntegrationTests;

/// <summary>The groups feed rule (issue 15) through HTTP, S3 and the real stores: the groups, their members, platform memberships.</summary>
public sealed class GroupEndToEndTests
{
    private static readonly Dictionary<string, string> Fields = new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last", ["groups"] = "Groups" };

    private const string Header = "Email,First,Last,Groups\r\n";

    private static readonly string Sales = GroupNames.Id("Sales"), Onboarding = GroupNames.Id("Onboarding");

    [Fact]
    public async Task Groups_follow_each_file_while_platform_memberships_stay_and_an_emptied_group_remains()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "grouped", Fields);
        var groups = $"/api/tenants/{tenant.TenantId}/groups";

        var dryRun = await (await tenant.Admin.PostAsync($"/api/tenants/{tenant.TenantId}/feed/dry-run",
            new StringContent(Header + "ann@grouped.example,Ann,Lee,Sales|Onboarding\r\n", Encoding.UTF8, "text/csv"))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, dryRun.Count("groups"));
        Assert.Empty((await tenant.Admin.GetJsonAsync(groups)).GetProperty("items").EnumerateArray()); // a dry run makes no group

        var first = await tenant.ImportAsync(Header + "ann@grouped.example,Ann,Lee,Sales|Onboarding\r\nbob@grouped.example,Bob,Ray,SALES\r\ncat@grouped.example,Cat,Poe,\r\n");
        Assert.Equal(("completed", 3, 2), (first.Str("status"), first.Count("created"), first.Count("groups")));
        var listed = await GroupsAsync(tenant);
        Assert.Equal(("Sales", "Onboarding"), (listed[Sales].Str("name"), listed[Onboarding].Str("name")));
        var sales = await GroupAsync(tenant, Sales);
        Assert.Equal(("Sales", 2, false), (sales.Str("name"), sales.GetProperty("memberCount").GetInt32(), sales.GetProperty("empty").GetBoolean()));
        Assert.Equal(1, (await GroupAsync(tenant, Onboarding)).GetProperty("memberCount").GetInt32());
        Assert.Equal([Onboarding, Sales], (await tenant.UsersAsync())["ann@grouped.example"].Strings("groups").Order());
        var report = await tenant.ReadAsTenantAsync(Adapters.S3.BucketLayout.ResultKey(first.Str("importId")));
        Assert.Equal(2, JsonDocument.Parse(report).RootElement.GetProperty("counts").GetProperty("groups").GetInt32());

        var put = await tenant.Admin.PutJsonAsync($"{groups}/{Sales}/members/Cat@Grouped.example", new { });
        Assert.Equal("cat@grouped.example", put.Str("email"));
        Assert.Equal(["platform"], put.Strings("sources"));
        Assert.Equal(["ann@grouped.example:feed", "bob@grouped.example:feed", "cat@grouped.example:platform"], await MembersAsync(tenant, Sales));

        // Ann leaves Sales, Bob's cell is blank, Cat joins Onboarding from the file (patched: she had no feed groups).
        var second = await tenant.ImportAsync(Header + "ann@grouped.example,Ann,Lee,Onboarding\r\nbob@grouped.example,Bob,Ray,\r\ncat@grouped.example,Cat,Poe,onboarding\r\n");
        Assert.Equal((3, 1), (second.Count("updated"), second.Count("groups")));
        Assert.Equal(["cat@grouped.example:platform"], await MembersAsync(tenant, Sales));
        Assert.Equal(["ann@grouped.example:feed", "cat@grouped.example:feed"], await MembersAsync(tenant, Onboarding));
        Assert.Equal("Onboarding", (await GroupsAsync(tenant))[Onboarding].Str("name")); // named as first seen

        var third = await tenant.ImportAsync(Header + "ann@grouped.example,Ann,Lee,\r\nbob@grouped.example,Bob,Ray,\r\ncat@grouped.example,Cat,Poe,\r\n");
        Assert.Equal(2, third.Count("updated"));
        var onboarding = await GroupAsync(tenant, Onboarding);
        Assert.Equal((0, true), (onboarding.GetProperty("memberCount").GetInt32(), onboarding.GetProperty("empty").GetBoolean()));
        Assert.Equal(["cat@grouped.example:platform"], await MembersAsync(tenant, Sales));
        Assert.Equal([Sales], (await tenant.UsersAsync())["cat@grouped.example"].Strings("groups"));

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Admin.DeleteAsync($"{groups}/{Sales}/members/cat@grouped.example")).StatusCode);
        Assert.True((await GroupAsync(tenant, Sales)).GetProperty("empty").GetBoolean());
        Assert.Equal(2, (await GroupsAsync(tenant)).Count); // emptied groups stay
        Assert.Equal(3, (await tenant.UsersAsync()).Count); // membership rows are not users
    }

    [Fact]
    public async Task Membership_calls_with_bad_input_are_answered_with_a_reason()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "groupbad", Fields);
        await tenant.ImportAsync(Header + "ann@groupbad.example,Ann,Lee,Sales\r\n");
        var groups = $"/api/tenants/{tenant.TenantId}/groups";
        var unknown = GroupNames.Id("Nobody");

        var badEmail = await (await tenant.Admin.PutAsJsonAsync($"{groups}/{Sales}/members/not-an-email", new { })).JsonAsync(HttpStatusCode.BadRequest);
        Assert.True(badEmail.GetProperty("errors").TryGetProperty("email", out _));
        var noGroup = await (await tenant.Admin.PutAsJsonAsync($"{groups}/{unknown}/members/ann@groupbad.example", new { })).JsonAsync(HttpStatusCode.NotFound);
        Assert.Contains("has no group", noGroup.Str("detail"), StringComparison.Ordinal);
        await (await tenant.Admin.PutAsJsonAsync($"{groups}/Sales/members/ann@groupbad.example", new { })).JsonAsync(HttpStatusCode.NotFound); // a name is not an id
        var noUser = await (await tenant.Admin.PutAsJsonAsync($"{groups}/{Sales}/members/zed@groupbad.example", new { })).JsonAsync(HttpStatusCode.NotFound);
        Assert.Contains("has no user", noUser.Str("detail"), StringComparison.Ordinal);
        var feedOnly = await (await tenant.Admin.DeleteAsync($"{groups}/{Sales}/members/ann@groupbad.example")).JsonAsync(HttpStatusCode.Conflict);
        Assert.Contains("from the feed", feedOnly.Str("detail"), StringComparison.Ordinal);
        await (await tenant.Admin.GetAsync($"{groups}/{unknown}/members")).JsonAsync(HttpStatusCode.NotFound);
        await (await tenant.Admin.GetAsync($"{groups}?pageSize=0")).JsonAsync(HttpStatusCode.BadRequest);
        await (await tenant.Admin.GetAsync($"{groups}/{Sales}/members?continuationToken=forged")).JsonAsync(HttpStatusCode.BadRequest);
        await (await service.Operator.GetAsync("/api/tenants/no-such-tenant/groups")).JsonAsync(HttpStatusCode.NotFound);
        Assert.Equal(["ann@groupbad.example:feed"], await MembersAsync(tenant, Sales)); // nothing changed
    }

    [Fact]
    public async Task Members_are_listed_in_pages_each_once()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "grouppages", Fields);
        var csv = new StringBuilder(Header);
        for (var i = 0; i < 250; i++)
        {
            csv.Append(CultureInfoInvariant($"u{i:D3}@grouppages.example,U,{i},Sales|Everyone\r\n"));
        }

        await tenant.ImportAsync(csv.ToString());

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/groups/{Sales}/members?pageSize=100" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token)));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(m => m.Str("email")));
            token = page.GetProperty("continuationToken").ValueKind == JsonValueKind.String ? page.Str("continuationToken") : null;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"u{i:D3}@grouppages.example"), seen);
        Assert.Equal(250, (await GroupAsync(tenant, Sales)).GetProperty("memberCount").GetInt32());
    }

    [Fact]
    public async Task Run_stopped_part_way_through_moving_members_is_resumed_and_leaves_no_member_in_a_group_they_left()
    {
        var handler = new FailingUserBatchHandler();
        await using var service = await TestService.StartAsync(s => s["Feed:BatchSize"] = "10", services: s => s.AddKeyedSingleton<HttpMessageHandler>(StoreClients.HandlerKey, handler));
        var tenant = await FeedTenant.CreateAsync(service, "groupcrash", Fields);
        handler.UsersTable = service.TablePrefix + "Users";
        const int Users = 300;
        string File(string group) => Header + string.Concat(Enumerable.Range(0, Users).Select(i => $"u{i:D3}@groupcrash.example,U,{i},{group}\r\n"));
        await tenant.ImportAsync(File("Sales"));

        handler.PassFirst = 12; // some transactions are written, then the store fails until the run gives up
        handler.Failure = FailingUserBatchHandler.Kind.Unavailable;
        await tenant.S3.UploadAsync(tenant.Bucket, "exports/move.csv", File("Onboarding"));
        var importId = Assert.Single(await tenant.Admin.QueuePollAsync(tenant.TenantId));
        for (var i = 0; i < 1200 && handler.Failed <= StoreClients.MaxRetries; i++)
        {
            await Task.Delay(50);
        }

        var halfway = await MembersAsync(tenant, Onboarding);
        handler.Failure = null;
        var record = await tenant.Admin.WaitForImportAsync(tenant.TenantId, importId);

        Assert.InRange(halfway.Count, 1, Users - 1); // really stopped part-way
        Assert.Equal(("completed", Users), (record.Str("status"), record.Count("updated")));
        Assert.Empty(await MembersAsync(tenant, Sales));
        Assert.Equal(Users, (await MembersAsync(tenant, Onboarding)).Count);
        Assert.All((await tenant.UsersAsync()).Values, u => Assert.Equal([Onboarding], u.Strings("groups")));
    }

    [Fact]
    public async Task User_whose_email_changes_takes_their_memberships_to_the_new_email()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "grouprename", new(Fields) { ["externalId"] = "Id" });
        const string Head = "Email,First,Last,Groups,Id\r\n";
        await tenant.ImportAsync(Head + "ann@grouprename.example,Ann,Lee,Sales,E1\r\n");
        await tenant.Admin.PutJsonAsync($"/api/tenants/{tenant.TenantId}/groups/{Sales}/members/ann@grouprename.example", new { });

        var renamed = await tenant.ImportAsync(Head + "ann.lee@grouprename.example,Ann,Lee,Sales|Onboarding,E1\r\n");

        Assert.Equal(1, renamed.Count("updated"));
        Assert.Equal(["ann.lee@grouprename.example:feed+platform"], await MembersAsync(tenant, Sales));
        Assert.Equal(["ann.lee@grouprename.example:feed"], await MembersAsync(tenant, Onboarding));
        Assert.Equal([Onboarding, Sales], (await tenant.UsersAsync())["ann.lee@grouprename.example"].Strings("groups").Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(100)]
    public async Task Users_are_listed_in_pages_each_once_without_the_membership_rows(int pageSize)
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, $"groupusers{pageSize}", Fields);
        string[] emails = ["!ann@groupusers.example", "$bob@groupusers.example", "a/cat@groupusers.example", "dan@groupusers.example", "eve@groupusers.example"];
        await tenant.ImportAsync(Header + string.Concat(emails.Select(e => $"{e},U,Ser,Sales|Onboarding\r\n")));

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/users?pageSize={pageSize}" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token)));
            Assert.InRange(page.GetProperty("items").GetArrayLength(), 0, pageSize);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(u => u.Str("email")));
            token = page.GetProperty("continuationToken").ValueKind == JsonValueKind.String ? page.Str("continuationToken") : null;
        }
        while (token is not null);

        Assert.Equal(emails.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(5, (await MembersAsync(tenant, Sales)).Count);
    }

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);

    [Fact]
    public async Task A_page_of_groups_costs_the_same_store_requests_whatever_the_groups_hold()
    {
        var counter = new TableRequestCounter();
        await using var service = await TestService.StartAsync(services: s => s.AddKeyedSingleton<HttpMessageHandler>(StoreClients.HandlerKey, counter));
        var tenant = await FeedTenant.CreateAsync(service, "groupmany", Fields);
        var csv = new StringBuilder(Header);
        for (var i = 0; i < 15; i++) // 300 groups, each with one or two members
        {
            var groups = string.Join('|', Enumerable.Range(i * 20, 20).Select(g => $"G{g:D3}"));
            csv.Append(CultureInfoInvariant($"u{i}@groupmany.example,U,{i},{groups}\r\nv{i}@groupmany.example,V,{i},{groups.Split('|')[0]}\r\n"));
        }

        await tenant.ImportAsync(csv.ToString());
        await CheckEndedAsync(service, tenant.TenantId); // the check's own reads of the users (dates, history retention) come after the import
        counter.Tables = [service.TablePrefix + "Groups", service.TablePrefix + "Users"];

        var listed = await GroupsAsync(tenant);

        Assert.Equal(300, listed.Count);
        Assert.Equal(1, counter.Requests); // the one page of groups: no member counted
        Assert.Equal((2, false), ((await GroupAsync(tenant, GroupNames.Id("G000"))).GetProperty("memberCount").GetInt32(), (await GroupAsync(tenant, GroupNames.Id("G000"))).GetProperty("empty").GetBoolean()));
        Assert.Equal(404, (int)(await tenant.Admin.GetAsync($"/api/tenants/{tenant.TenantId}/groups/{GroupNames.Id("Nobody")}")).StatusCode);
    }

    /// <summary>Waits (bounded) until the check that ran the tenant's import has done its last work on the users: the history's retention.</summary>
    private static async Task CheckEndedAsync(TestService service, string tenantId)
    {
        var marks = service.App.Services.GetRequiredService<TenantMarks>();
        for (var i = 0; i < 300 && await marks.GetHistoryPrunedAsync(tenantId, CancellationToken.None) is null; i++)
        {
            await Task.Delay(100);
        }
    }

    /// <summary>Counts the store requests to the named tables once they are set.</summary>
    private sealed class TableRequestCounter() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int requests;

        public string[] Tables { get; set; } = [];

        public int Requests => Volatile.Read(ref requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (Tables.Any(t => path.Contains("/" + t + "(", StringComparison.Ordinal) || path.EndsWith("/" + t, StringComparison.Ordinal) || path.Contains("/" + t + "()", StringComparison.Ordinal)))
            {
                Interlocked.Increment(ref requests);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    private static async Task<Dictionary<string, JsonElement>> GroupsAsync(FeedTenant tenant) =>
        (await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/groups?pageSize=1000")).GetProperty("items").EnumerateArray().ToDictionary(g => g.Str("id"));

    private static Task<JsonElement> GroupAsync(FeedTenant tenant, string groupId) =>
        tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/groups/{groupId}");

    /// <summary>Every member of a group as "email:sources", in the list's order.</summary>
    private static async Task<List<string>> MembersAsync(FeedTenant tenant, string groupId)
    {
        var page = await tenant.Admin.GetJsonAsync($"/api/tenants/{tenant.TenantId}/groups/{groupId}/members?pageSize=1000");
        return [.. page.GetProperty("items").EnumerateArray().Select(m => m.Str("email") + ":" + string.Join('+', m.Strings("sources")))];
    }
}
