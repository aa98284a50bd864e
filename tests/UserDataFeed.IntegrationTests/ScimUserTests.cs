using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace UserDataFeed.IntegrationTests;

/// <summary>
/// SCIM's Users over HTTP on the real stores (RFC 7644 §3): every write goes through the feed's rules and lands in the
/// same records, histories and audit as a file's rows.
/// </summary>
public sealed class ScimUserTests
{
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    [Fact]
    public async Task Entras_sequence_finds_nobody_creates_the_user_then_patches_them_inactive()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await ScimTenant.CreateAsync(service, "scim-entra");

        // Entra first asks whether the user exists (userName eq), then creates them, then sends PATCHes (its documented
        // "Replace" capitalised and active as the string "False": learn.microsoft.com, SCIM known issues).
        var none = await (await tenant.SendAsync(HttpMethod.Get, "/Users?filter=" + Uri.EscapeDataString("userName eq \"ann@example.com\""))).JsonAsync(HttpStatusCode.OK);
        var created = await tenant.SendAsync(HttpMethod.Post, "/Users",
            """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"externalId":"E-1","userName":"ann@example.com","active":true,"name":{"givenName":"Ann","familyName":"Lee"},"emails":[{"primary":true,"type":"work","value":"ann@example.com"}],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales"}}""");
        var body = await created.JsonAsync(HttpStatusCode.Created);
        var id = body.Str("id");
        var found = await (await tenant.SendAsync(HttpMethod.Get, "/Users?filter=" + Uri.EscapeDataString("userName eq \"ANN@example.com\""))).JsonAsync(HttpStatusCode.OK);
        var patched = await tenant.PatchAsync(id, """[{"op":"Replace","path":"active","value":"False"}]""");
        var platform = await tenant.PlatformUserAsync("ann@example.com");
        var history = await tenant.Feed.Admin.GetJsonAsync($"/api/tenants/scim-entra/users/ann@example.com/history");

        Assert.Equal(0, none.GetProperty("totalResults").GetInt32());
        Assert.Equal("application/scim+json", ScimTenant.ContentType(created));
        Assert.EndsWith($"/api/tenants/scim-entra/scim/v2/Users/{id}", created.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(body.GetProperty("meta").Str("version"), ScimTenant.ETagOf(created));
        Assert.Equal("Sales", body.GetProperty(Enterprise).Str("department"));
        Assert.Equal(id, found.GetProperty("Resources")[0].Str("id"));
        Assert.False(patched.GetProperty("active").GetBoolean());
        Assert.Equal("inactive", platform.Str("status"));
        Assert.Equal("E-1", platform.Str("externalId"));
        Assert.Equal("Sales", platform.GetProperty("customFields").Str("department"));
        Assert.Equal("feed", platform.Str("createdBy"));
        var entries = history.GetProperty("items").EnumerateArray().ToList();
        Assert.All(entries, e => Assert.Equal("scim", e.Str("by")));
        Assert.Equal(["deactivated", "created"], entries.Select(e => e.Str("change")));
    }

    [Fact]
    public async Task Oktas_sequence_checks_creates_pushes_a_profile_by_PUT_deactivates_and_reactivates()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await ScimTenant.CreateAsync(service, "scim-okta");

        // developer.okta.com, "SCIM 2.0 Protocol Reference": the existence check pages (startIndex=1&count=100), profile
        // pushes are a PUT of the whole user, deactivation and reactivation a PATCH replacing {"active": …} without a path.
        var check = await (await tenant.SendAsync(HttpMethod.Get, "/Users?filter=" + Uri.EscapeDataString("userName eq \"fay@example.com\"") + "&startIndex=1&count=100")).JsonAsync(HttpStatusCode.OK);
        var created = await tenant.SendAsync(HttpMethod.Post, "/Users",
            """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"fay@example.com","name":{"givenName":"Fay","familyName":"Ng"},"emails":[{"primary":true,"value":"fay@example.com","type":"work"}],"displayName":"Fay Ng","locale":"en-US","externalId":"00u1","groups":[],"password":"not stored","active":true}""");
        var id = (await created.JsonAsync(HttpStatusCode.Created)).Str("id");
        var pushed = await (await tenant.SendAsync(HttpMethod.Put, $"/Users/{id}",
            $$$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"{{{id}}}","userName":"fay@example.com","name":{"givenName":"Fay","familyName":"Nguyen"},"emails":[{"primary":true,"value":"fay@example.com","type":"work"}],"displayName":"Fay Nguyen","externalId":"00u1","active":true,"meta":{"resourceType":"User"}}""")).JsonAsync(HttpStatusCode.OK);
        var deactivated = await tenant.PatchAsync(id, """[{"op":"replace","value":{"active":false}}]""");
        var reactivated = await tenant.PatchAsync(id, """[{"op":"replace","value":{"active":true}}]""");
        var history = await tenant.Feed.Admin.GetJsonAsync("/api/tenants/scim-okta/users/fay@example.com/history");

        Assert.Equal(0, check.GetProperty("totalResults").GetInt32());
        Assert.Equal("Nguyen", pushed.GetProperty("name").Str("familyName"));
        Assert.False(pushed.TryGetProperty("password", out _)); // RFC 7643 §4.1: returned "never"
        Assert.False(deactivated.GetProperty("active").GetBoolean());
        Assert.True(reactivated.GetProperty("active").GetBoolean());
        Assert.Equal(["reactivated", "deactivated", "updated", "created"], history.GetProperty("items").EnumerateArray().Select(e => e.Str("change")));
    }

    [Fact]
    public async Task Entras_one_operation_per_attribute_update_changes_each_mapped_field()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await ScimTenant.CreateAsync(service, "scim-entra-update");
        var id = (await tenant.CreateUserAsync("gus@example.com", "Gus", "Hale")).Str("id");

        // learn.microsoft.com, "Known issues and resolutions with SCIM 2.0 protocol compliance": without the
        // aadOptscim062020 flag, Entra sends one operation per attribute, with paths into the enterprise extension.
        var patched = await tenant.PatchAsync(id, $$"""
            [{"op":"Replace","path":"name.givenName","value":"Gustav"},
             {"op":"Replace","path":"emails[type eq \"work\"].value","value":"gus@example.com"},
             {"op":"Replace","path":"{{Enterprise}}:department","value":"Research"},
             {"op":"Add","path":"roles","value":[{"value":"Administrator"}]},
             {"op":"Replace","path":"externalId","value":"aad-42"}]
            """);
        var platform = await tenant.PlatformUserAsync("gus@example.com");

        Assert.Equal("Gustav", patched.GetProperty("name").Str("givenName"));
        Assert.Equal("Gustav", platform.Str("firstName"));
        Assert.Equal("Research", platform.GetProperty("customFields").Str("department"));
        Assert.Contains("Administrator", platform.Strings("roles"));
        Assert.Equal("aad-42", platform.Str("externalId"));
    }

    [Fact]
    public async Task A_user_renamed_by_PUT_keeps_their_id_and_is_found_by_it()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await ScimTenant.CreateAsync(service, "scim-rename");
        var id = (await tenant.CreateUserAsync("bob@example.com", "Bob", "Ray")).Str("id");

        var replaced = await (await tenant.SendAsync(HttpMethod.Put, $"/Users/{id}",
            """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"ignored-as-readonly","userName":"robert@example.com","name":{"givenName":"Robert","familyName":"Ray"},"active":true}""")).JsonAsync(HttpStatusCode.OK);
        var byId = await (await tenant.SendAsync(HttpMethod.Get, $"/Users/{id}")).JsonAsync(HttpStatusCode.OK);
        var users = await tenant.Feed.UsersAsync();

        Assert.Equal(id, replaced.Str("id"));
        Assert.Equal("robert@example.com", byId.Str("userName"));
        Assert.Equal("Robert", byId.GetProperty("name").Str("givenName"));
        Assert.Equal(["robert@example.com"], users.Keys);
    }

    [Fact]
    public async Task A_stale_If_Match_is_412_and_without_one_both_patches_apply()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await ScimTenant.CreateAsync(service, "scim-etag");
        var created = await tenant.CreateUserAsync("cat@example.com", "Cat", "Ng");
        var id = created.Str("id");
        var version = created.GetProperty("meta").Str("version");

        // RFC 7644 §3.14: a write with If-Match applies only over that version.
        var first = await tenant.PatchAsync(id, """[{"op":"replace","path":"name.givenName","value":"Cathy"}]""", ifMatch: version);
        var stale = await tenant.PatchAsync(id, """[{"op":"replace","path":"name.familyName","value":"Wu"}]""", HttpStatusCode.PreconditionFailed, ifMatch: version);
        var concurrent = await Task.WhenAll(
            tenant.SendAsync(HttpMethod.Patch, $"/Users/{id}", """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"name.familyName","value":"Wu"}]}"""),
            tenant.SendAsync(HttpMethod.Patch, $"/Users/{id}", """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"roles","value":[{"value":"Manager"}]}]}"""));
        var after = await tenant.PlatformUserAsync("cat@example.com");

        Assert.NotEqual(version, first.GetProperty("meta").Str("version"));
        Assert.Equal("412", stale.Str("status"));
        Assert.All(concurrent, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal("Cathy", after.Str("firstName"));
        Assert.Equal("Wu", after.Str("lastName"));
        Assert.Contains("Manager", after.Strings("roles"));
    }

    [Fact]
    public async Task The_manager_is_named_by_id_and_gets_the_derived_Manager_role()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await ScimTenant.CreateAsync(service, "scim-manager");
        var boss = (await tenant.CreateUserAsync("boss@example.com", "Bo", "Ss")).Str("id");
        var ann = (await tenant.CreateUserAsync("ann@example.com")).Str("id");

        // Entra sends the manager as a bare id with no sub-attribute (docs/scim.md).
        var patched = await tenant.PatchAsync(ann, $$"""[{"op":"Add","path":"{{Enterprise}}:manager","value":"{{boss}}"}]""");
        var unknown = await tenant.PatchAsync(ann, $$"""[{"op":"replace","path":"{{Enterprise}}:manager.value","value":"no-such-id"}]""", HttpStatusCode.BadRequest);
        var annOnPlatform = await tenant.PlatformUserAsync("ann@example.com");
        var bossOnPlatform = await tenant.PlatformUserAsync("boss@example.com");

        Assert.Equal(boss, patched.GetProperty(Enterprise).GetProperty("manager").Str("value"));
        Assert.Equal(["boss@example.com"], annOnPlatform.Strings("managers"));
        Assert.Contains("Manager", bossOnPlatform.Strings("roles"));
        Assert.Equal("invalidValue", unknown.Str("scimType"));
        Assert.Contains("no-such-id", unknown.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_the_file_made_is_found_by_userName_and_changed_by_the_id_SCIM_was_shown()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await ScimTenant.CreateAsync(service, "scim-switch", scimIsTheSource: false);
        await tenant.Feed.ImportAsync("Email,First,Last,Status,Roles,Manager,EmployeeId,Dept\ndan@example.com,Dan,Fox,active,,,D-1,Ops\n");

        var found = await (await tenant.SendAsync(HttpMethod.Get, "/Users?filter=" + Uri.EscapeDataString("externalId eq \"D-1\""))).JsonAsync(HttpStatusCode.OK);
        var id = found.GetProperty("Resources")[0].Str("id");
        var refused = await tenant.PatchAsync(id, """[{"op":"replace","path":"active","value":false}]""", HttpStatusCode.Forbidden);
        var afterRefusal = await tenant.PlatformUserAsync("dan@example.com");
        await tenant.SetSourceAsync("scim");
        var patched = await tenant.PatchAsync(id, """[{"op":"replace","path":"active","value":false}]""");

        Assert.Equal(1, found.GetProperty("totalResults").GetInt32());
        Assert.Contains("file feed", refused.Str("detail"), StringComparison.Ordinal);
        Assert.Equal("active", afterRefusal.Str("status"));
        Assert.False(patched.GetProperty("active").GetBoolean());
        Assert.Equal("inactive", (await tenant.PlatformUserAsync("dan@example.com")).Str("status"));
    }

    [Fact]
    public async Task A_file_after_switching_back_rewrites_what_SCIM_changed_though_its_row_is_the_same_as_before()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await ScimTenant.CreateAsync(service, "scim-back", scimIsTheSource: false);
        const string File = "Email,First,Last,Status,Roles,Manager,EmployeeId,Dept\ndan@example.com,Dan,Fox,active,,,D-1,Ops\n";
        await tenant.Feed.ImportAsync(File);
        await tenant.SetSourceAsync("scim");
        var id = (await (await tenant.SendAsync(HttpMethod.Get, "/Users?filter=" + Uri.EscapeDataString("userName eq \"dan@example.com\""))).JsonAsync(HttpStatusCode.OK)).GetProperty("Resources")[0].Str("id");
        await tenant.PatchAsync(id, """[{"op":"replace","path":"name.givenName","value":"Daniel"}]""");
        await tenant.SetSourceAsync("file");

        // The file's row hashes as the row that last made Dan: only a digest that knows SCIM wrote since can tell it changes him.
        var import = await tenant.Feed.ImportAsync(File);

        Assert.Equal(1, import.Count("updated"));
        Assert.Equal("Dan", (await tenant.PlatformUserAsync("dan@example.com")).Str("firstName"));
    }

    [Fact]
    public async Task A_client_deactivating_past_the_hold_gets_429_until_an_admin_approves_then_its_retry_applies()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await ScimTenant.CreateAsync(service, "scim-held");
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await tenant.CreateUserAsync($"u{i}@example.com", "U", $"N{i}")).Str("id"));
        }

        // The default hold (more than 10 and more than 20% of the active users) admits 10 of 20 in the window.
        foreach (var id in ids.Take(10))
        {
            await tenant.PatchAsync(id, """[{"op":"replace","path":"active","value":false}]""");
        }

        var held = await tenant.SendAsync(HttpMethod.Delete, $"/Users/{ids[10]}");
        var heldError = await held.JsonAsync(HttpStatusCode.TooManyRequests);
        var stillActive = await tenant.PlatformUserAsync("u10@example.com");
        var waiting = await tenant.Feed.Admin.GetJsonAsync("/api/tenants/scim-held/scim/held");
        await (await tenant.Feed.Admin.PostAsync("/api/tenants/scim-held/scim/held/approve", null)).JsonAsync(HttpStatusCode.OK);
        var retried = await tenant.SendAsync(HttpMethod.Delete, $"/Users/{ids[10]}");

        Assert.True(held.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/scim+json", ScimTenant.ContentType(held));
        Assert.Contains("approve", heldError.Str("detail"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("active", stillActive.Str("status"));
        Assert.Contains(ids[10], waiting.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, retried.StatusCode);
        Assert.Equal("inactive", (await tenant.PlatformUserAsync("u10@example.com")).Str("status"));
    }

    [Fact]
    public async Task The_admin_chooses_which_attribute_feeds_a_custom_field_and_a_bad_choice_is_refused()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await ScimTenant.CreateAsync(service, "scim-mapping");
        var admin = tenant.Feed.Admin;

        var bad = await admin.PutAsJsonAsync("/api/tenants/scim-mapping/scim/mapping", new { attributes = new Dictionary<string, string> { ["custom.department"] = "emails" } });
        var saved = await admin.PutJsonAsync("/api/tenants/scim-mapping/scim/mapping", new { attributes = new Dictionary<string, string> { ["custom.department"] = "title" } });
        var created = await tenant.CreateUserAsync("hal@example.com", "Hal", "Poe", extra: ",\"title\":\"Chemistry\"");
        var audit = await admin.GetJsonAsync("/api/tenants/scim-mapping/feed/audit");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("attributes.custom.department", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("title", saved.GetProperty("attributes").Str("custom.department"));
        Assert.Equal("name.givenName", saved.GetProperty("attributes").Str("firstName"));
        Assert.Equal("Chemistry", created.Str("title"));
        Assert.Equal("Chemistry", (await tenant.PlatformUserAsync("hal@example.com")).GetProperty("customFields").Str("department"));
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.Str("action") == "scimMapping.saved");
    }

    [Fact]
    public async Task Delete_deactivates_and_the_user_is_still_there()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await ScimTenant.CreateAsync(service, "scim-delete");
        var id = (await tenant.CreateUserAsync("eve@example.com", "Eve", "Moss")).Str("id");

        var deleted = await tenant.SendAsync(HttpMethod.Delete, $"/Users/{id}");
        var read = await (await tenant.SendAsync(HttpMethod.Get, $"/Users/{id}")).JsonAsync(HttpStatusCode.OK);
        var missing = await tenant.SendAsync(HttpMethod.Delete, "/Users/not-an-id");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.False(read.GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/scim+json", ScimTenant.ContentType(missing));
    }

    [Fact]
    public async Task Pages_follow_startIndex_and_count_and_attributes_select_what_comes_back()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await ScimTenant.CreateAsync(service, "scim-pages");
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            await tenant.CreateUserAsync($"{name}@example.com", name.ToUpperInvariant(), "Test");
        }

        // RFC 7644 §3.4.2.4 (1-based startIndex, totalResults of every match) and §3.4.2.5 (attributes).
        var page = await (await tenant.SendAsync(HttpMethod.Get, "/Users?startIndex=2&count=2&attributes=userName")).JsonAsync(HttpStatusCode.OK);
        var filtered = await (await tenant.SendAsync(HttpMethod.Get, "/Users?filter=" + Uri.EscapeDataString("userName sw \"c\" or name.givenName eq \"E\""))).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(5, page.GetProperty("totalResults").GetInt32());
        Assert.Equal(2, page.GetProperty("itemsPerPage").GetInt32());
        Assert.Equal(2, page.GetProperty("startIndex").GetInt32());
        var resources = page.GetProperty("Resources").EnumerateArray().ToList();
        Assert.Equal(["b@example.com", "c@example.com"], resources.Select(r => r.Str("userName")));
        Assert.All(resources, r => Assert.Equal(["id", "schemas", "userName"], r.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));
        Assert.Equal(["c@example.com", "e@example.com"], filtered.GetProperty("Resources").EnumerateArray().Select(r => r.Str("userName")));
    }

    [Theory]
    [InlineData("POST", "/Users", """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"x@example.com","name":{"givenName":"X"}}""", 400, "invalidValue", "name.familyName")]
    [InlineData("POST", "/Users", """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"x@example.com","name":{"givenName":"X","familyName":"Y"},"active":"maybe"}""", 400, "invalidValue", "active")]
    [InlineData("POST", "/Users", """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"x@example.com","nickname2":"x"}""", 400, "invalidPath", "nickname2")]
    [InlineData("POST", "/Users", """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"taken@example.com","name":{"givenName":"X","familyName":"Y"}}""", 409, "uniqueness", "userName")]
    [InlineData("POST", "/Users", """[1,2]""", 400, "invalidSyntax", "object")]
    [InlineData("GET", "/Users?filter=userName%20eq", null, 400, "invalidFilter", "character")]
    [InlineData("GET", "/Users?filter=title2%20eq%20%22x%22", null, 400, "invalidFilter", "title2")]
    [InlineData("PATCH", "/Users/{id}", """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"id","value":"other"}]}""", 400, "mutability", "id")]
    [InlineData("PATCH", "/Users/{id}", """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"userName","value":"not an email"}]}""", 400, "invalidValue", "userName")]
    public async Task Bad_input_is_a_SCIM_error_with_its_reason_and_changes_nothing(string method, string path, string? body, int status, string scimType, string mentioned)
    {
        await using var service = await TestService.StartAsync();
        var tenant = await ScimTenant.CreateAsync(service, "scim-bad");
        var id = (await tenant.CreateUserAsync("taken@example.com", "Tak", "En")).Str("id");
        var before = await tenant.Feed.UsersAsync();

        var response = await tenant.SendAsync(new HttpMethod(method), path.Replace("{id}", id, StringComparison.Ordinal), body);
        var error = await response.JsonAsync((HttpStatusCode)status);

        Assert.Equal("application/scim+json", ScimTenant.ContentType(response));
        Assert.Equal(["urn:ietf:params:scim:api:messages:2.0:Error"], error.Strings("schemas"));
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Str("status"));
        Assert.Equal(scimType, error.Str("scimType"));
        Assert.Contains(mentioned, error.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(Api.ComparableUsers(before), Api.ComparableUsers(await tenant.Feed.UsersAsync()));
    }
}
