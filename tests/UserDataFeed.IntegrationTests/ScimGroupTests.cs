using System.Net;
using System.Text.Json;

namespace UserDataFeed.IntegrationTests;

/// <summary>
/// SCIM's Groups over HTTP on the real stores (RFC 7644 §3, RFC 7643 §4.2): members are the users' feed memberships,
/// changed through each member's own write; the platform's memberships are never SCIM's.
/// </summary>
public sealed class ScimGroupTests
{
    private static async Task<JsonElement> CreateGroupAsync(ScimTenant tenant, string name, params string[] members) =>
        await (await tenant.SendAsync(HttpMethod.Post, "/Groups",
            $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{name}}","members":[{{string.Join(",", members.Select(m => $$"""{"value":"{{m}}"}"""))}}]}""")).JsonAsync(HttpStatusCode.Created);

    [Fact]
    public async Task Entras_group_sequence_creates_finds_by_name_and_moves_members_with_its_patches()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await ScimTenant.CreateAsync(service, "scim-groups");
        var ann = (await tenant.CreateUserAsync("ann@example.com")).Str("id");
        var bob = (await tenant.CreateUserAsync("bob@example.com", "Bob", "Ray")).Str("id");

        var group = await CreateGroupAsync(tenant, "Sales EMEA", ann);
        var id = group.Str("id");

        // Entra finds a group by displayName and reads it without members, then adds and removes members in PATCHes
        // ("Add" with "$ref": null; remove as "members" with a value list): learn.microsoft.com, "Use SCIM…", Update Group.
        var found = await (await tenant.SendAsync(HttpMethod.Get, "/Groups?excludedAttributes=members&filter=" + Uri.EscapeDataString("displayName eq \"sales emea\""))).JsonAsync(HttpStatusCode.OK);
        await (await tenant.SendAsync(HttpMethod.Patch, $"/Groups/{id}",
            $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"members","value":[{"$ref":null,"value":"{{bob}}"}]}]}""")).JsonAsync(HttpStatusCode.OK);
        var both = await (await tenant.SendAsync(HttpMethod.Get, $"/Groups/{id}")).JsonAsync(HttpStatusCode.OK);
        await (await tenant.SendAsync(HttpMethod.Patch, $"/Groups/{id}",
            $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Remove","path":"members","value":[{"value":"{{ann}}"}]}]}""")).JsonAsync(HttpStatusCode.OK);
        var after = await (await tenant.SendAsync(HttpMethod.Get, $"/Groups/{id}")).JsonAsync(HttpStatusCode.OK);
        var platformMembers = await tenant.Feed.Admin.GetJsonAsync($"/api/tenants/scim-groups/groups/{id}/members");
        var annOnPlatform = await tenant.PlatformUserAsync("ann@example.com");

        Assert.Equal("Sales EMEA", group.Str("displayName"));
        Assert.Equal(1, found.GetProperty("totalResults").GetInt32());
        Assert.False(found.GetProperty("Resources")[0].TryGetProperty("members", out _));
        Assert.Equal(new[] { ann, bob }.Order(StringComparer.Ordinal), both.GetProperty("members").EnumerateArray().Select(m => m.Str("value")).Order(StringComparer.Ordinal));
        Assert.Equal([bob], after.GetProperty("members").EnumerateArray().Select(m => m.Str("value")));
        Assert.Equal(["bob@example.com"], platformMembers.GetProperty("items").EnumerateArray().Select(m => m.Str("email")));
        Assert.Empty(annOnPlatform.Strings("groups"));
    }

    [Fact]
    public async Task Oktas_member_patch_removes_by_filter_and_a_platform_membership_stays()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await ScimTenant.CreateAsync(service, "scim-okta-groups");
        var ann = (await tenant.CreateUserAsync("ann@example.com")).Str("id");
        var bob = (await tenant.CreateUserAsync("bob@example.com", "Bob", "Ray")).Str("id");
        var id = (await CreateGroupAsync(tenant, "Engineering", ann)).Str("id");
        await tenant.Feed.Admin.PutAsync($"/api/tenants/scim-okta-groups/groups/{id}/members/ann@example.com", null);

        // Okta: one PATCH removing by members[value eq "…"] and adding with value and display (developer.okta.com, SCIM 2.0 Protocol Reference).
        var patched = await (await tenant.SendAsync(HttpMethod.Patch, $"/Groups/{id}",
            $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members[value eq \"{{ann}}\"]"},{"op":"add","path":"members","value":[{"value":"{{bob}}","display":"bob@example.com"}]}]}""")).JsonAsync(HttpStatusCode.OK);
        var platformMembers = await tenant.Feed.Admin.GetJsonAsync($"/api/tenants/scim-okta-groups/groups/{id}/members");

        Assert.Equal([bob], patched.GetProperty("members").EnumerateArray().Select(m => m.Str("value")));
        var members = platformMembers.GetProperty("items").EnumerateArray().ToDictionary(m => m.Str("email"), m => m.Strings("sources"));
        Assert.Equal(["platform"], members["ann@example.com"]);
        Assert.Equal(["feed"], members["bob@example.com"]);
    }

    [Fact]
    public async Task A_rename_a_taken_name_and_an_unknown_member_are_refused_and_change_nothing()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await ScimTenant.CreateAsync(service, "scim-group-bad");
        var ann = (await tenant.CreateUserAsync("ann@example.com")).Str("id");
        var id = (await CreateGroupAsync(tenant, "Finance", ann)).Str("id");

        var rename = await (await tenant.SendAsync(HttpMethod.Patch, $"/Groups/{id}",
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"id":"x","displayName":"Money"}}]}""")).JsonAsync(HttpStatusCode.BadRequest);
        var taken = await (await tenant.SendAsync(HttpMethod.Post, "/Groups", """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"FINANCE"}""")).JsonAsync(HttpStatusCode.Conflict);
        var unknown = await (await tenant.SendAsync(HttpMethod.Patch, $"/Groups/{id}",
            """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"nobody"}]}]}""")).JsonAsync(HttpStatusCode.BadRequest);
        var separators = await (await tenant.SendAsync(HttpMethod.Post, "/Groups", """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Sales, EMEA"}""")).JsonAsync(HttpStatusCode.BadRequest);
        var read = await (await tenant.SendAsync(HttpMethod.Get, $"/Groups/{id}")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("mutability", rename.Str("scimType"));
        Assert.Equal("uniqueness", taken.Str("scimType"));
        Assert.Equal("invalidValue", unknown.Str("scimType"));
        Assert.Contains("nobody", unknown.Str("detail"), StringComparison.Ordinal);
        Assert.Equal("invalidValue", separators.Str("scimType"));
        Assert.Equal("Finance", read.Str("displayName"));
        Assert.Equal([ann], read.GetProperty("members").EnumerateArray().Select(m => m.Str("value")));
    }

    [Fact]
    public async Task Delete_ends_the_SCIM_memberships_and_the_group_stays()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await ScimTenant.CreateAsync(service, "scim-group-delete");
        var ann = (await tenant.CreateUserAsync("ann@example.com")).Str("id");
        var id = (await CreateGroupAsync(tenant, "Temps", ann)).Str("id");

        var deleted = await tenant.SendAsync(HttpMethod.Delete, $"/Groups/{id}");
        var read = await (await tenant.SendAsync(HttpMethod.Get, $"/Groups/{id}")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(read.GetProperty("members").EnumerateArray());
        Assert.Empty((await tenant.PlatformUserAsync("ann@example.com")).Strings("groups"));
    }
}
