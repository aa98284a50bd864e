using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.S3.Model;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using UserDataFeed.Adapters;
using UserDataFeed.Adapters.S3;
using UserDataFeed.Core.Scim;
using UserDataFeed.Service.Scim;

namespace UserDataFeed.IntegrationTests;

/// <summary>
/// The SCIM service's door (issue 27): SCIM tokens, SCIM's error shape on SCIM routes, discovery, and the tenant's
/// source switch between the file feed and SCIM. End to end over HTTP through the self-host, on the real stores.
/// </summary>
public sealed class ScimAccessTests
{
    private const string ScimJson = "application/scim+json";

    private static string Base(string tenantId) => $"/api/tenants/{tenantId}/scim/v2";

    private static async Task<(string Id, string Token, JsonElement Issued)> IssueAsync(HttpClient admin, string tenantId, object? body = null)
    {
        var response = body is null
            ? await admin.PostAsync($"/api/tenants/{tenantId}/scim/tokens", null)
            : await admin.PostAsJsonAsync($"/api/tenants/{tenantId}/scim/tokens", body);
        var issued = await response.JsonAsync(HttpStatusCode.Created);
        return (issued.Str("id"), issued.Str("token"), issued);
    }

    /// <summary>A SCIM error as RFC 7644 §3.12 shapes it: the Error schema, the status as a string, in application/scim+json.</summary>
    private static async Task<JsonElement> ScimErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        Assert.Equal(ScimJson, response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(["urn:ietf:params:scim:api:messages:2.0:Error"], body.GetProperty("schemas").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), body.Str("status"));
        Assert.NotEmpty(body.Str("detail"));
        return body;
    }

    private static async Task<JsonElement> ScimResourceAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal(ScimJson, response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task Scim_tokens_are_shown_once_listed_with_their_last_use_revoked_from_the_next_request_and_expire_by_the_clock()
    {
        var clock = new MovableClock();
        await using var service = await TestService.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var admin = await service.OnboardTenantAsync("scim-tokens");

        var (shortId, shortToken, issued) = await IssueAsync(admin, "scim-tokens", new { label = "Entra ID", expiresInDays = 2 });
        var (revokedId, revokedToken, _) = await IssueAsync(admin, "scim-tokens");
        var invalid = await (await admin.PostAsJsonAsync("/api/tenants/scim-tokens/scim/tokens", new { expiresInDays = ScimTokensMaxDays + 1 })).JsonAsync(HttpStatusCode.BadRequest);
        var unused = await admin.GetJsonAsync("/api/tenants/scim-tokens/scim/tokens");
        var used = await service.Client(shortToken).GetAsync(Base("scim-tokens") + "/ServiceProviderConfig");
        var listText = await (await admin.GetAsync("/api/tenants/scim-tokens/scim/tokens")).Content.ReadAsStringAsync();
        var listed = JsonDocument.Parse(listText).RootElement.GetProperty("items").EnumerateArray().ToDictionary(t => t.Str("id"));

        Assert.StartsWith("scim.scim-tokens.", shortToken, StringComparison.Ordinal);
        Assert.Equal(("Entra ID", clock.GetUtcNow().AddDays(2)), (issued.Str("label"), issued.GetProperty("expiresAt").GetDateTimeOffset()), new ToTheMinute());
        Assert.Equal($"{service.Address.ToString().TrimEnd('/')}/api/tenants/scim-tokens/scim/v2", issued.Str("scimBaseUrl"));
        Assert.True(invalid.GetProperty("errors").TryGetProperty("expiresInDays", out _));
        Assert.All(unused.GetProperty("items").EnumerateArray(), t => Assert.Equal(JsonValueKind.Null, t.GetProperty("lastUsedAt").ValueKind));
        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        Assert.Equal(["createdAt", "expiresAt", "id", "label", "lastUsedAt"], listed[shortId].EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(JsonValueKind.String, listed[shortId].GetProperty("lastUsedAt").ValueKind);
        Assert.Equal(clock.GetUtcNow().AddDays(ScimTokensDefaultDays), listed[revokedId].GetProperty("expiresAt").GetDateTimeOffset(), TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(shortToken, listText, StringComparison.Ordinal);

        var revoked = await admin.DeleteAsync($"/api/tenants/scim-tokens/scim/tokens/{revokedId}");
        var afterRevoke = await service.Client(revokedToken).GetAsync(Base("scim-tokens") + "/Schemas");
        var revokedAgain = await admin.DeleteAsync($"/api/tenants/scim-tokens/scim/tokens/{revokedId}");
        clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromSeconds(1));
        var expired = await service.Client(shortToken).GetAsync(Base("scim-tokens") + "/ServiceProviderConfig");
        var audit = (await admin.GetJsonAsync("/api/tenants/scim-tokens/feed/audit")).GetProperty("items").EnumerateArray().Select(e => (e.Str("action"), e.Str("target"))).ToList();

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await ScimErrorAsync(afterRevoke, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.NotFound, revokedAgain.StatusCode);
        await ScimErrorAsync(expired, HttpStatusCode.Unauthorized);
        Assert.Contains(("scimToken.issued", shortId), audit);
        Assert.Contains(("scimToken.issued", revokedId), audit);
        Assert.Contains(("scimToken.revoked", revokedId), audit);
    }

    private const int ScimTokensMaxDays = Service.Auth.ScimTokens.MaxExpiresInDays;
    private const int ScimTokensDefaultDays = Service.Auth.ScimTokens.DefaultExpiresInDays;

    private sealed class ToTheMinute : IEqualityComparer<(string, DateTimeOffset)>
    {
        public bool Equals((string, DateTimeOffset) x, (string, DateTimeOffset) y) => x.Item1 == y.Item1 && (x.Item2 - y.Item2).Duration() < TimeSpan.FromMinutes(1);

        public int GetHashCode((string, DateTimeOffset) obj) => obj.Item1.GetHashCode(StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scim_token_works_on_its_own_tenants_scim_routes_only_and_admin_tokens_and_the_operator_key_do_not()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("scim-only");
        await service.OnboardTenantAsync("scim-other");
        var (_, token, _) = await IssueAsync(admin, "scim-only");
        var scim = service.Client(token);

        var own = await scim.GetAsync(Base("scim-only") + "/ResourceTypes");
        var adminRoute = await scim.GetAsync("/api/tenants/scim-only/users");
        var tokenRoute = await scim.GetAsync("/api/tenants/scim-only/scim/tokens");
        var otherTenant = await scim.GetAsync(Base("scim-other") + "/ResourceTypes");
        var asAdmin = await admin.GetAsync(Base("scim-only") + "/ResourceTypes");
        var asOperator = await service.Operator.GetAsync(Base("scim-only") + "/ResourceTypes");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        foreach (var refused in new[] { adminRoute, tokenRoute })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType); // RFC 7807 off the SCIM routes
            Assert.Equal("A SCIM token is valid on the SCIM routes only.", (await refused.JsonAsync(HttpStatusCode.Forbidden)).Str("detail"));
        }

        Assert.Contains("another tenant", (await ScimErrorAsync(otherTenant, HttpStatusCode.Forbidden)).Str("detail"), StringComparison.Ordinal);
        foreach (var refused in new[] { asAdmin, asOperator })
        {
            Assert.Contains("SCIM token of this tenant only", (await ScimErrorAsync(refused, HttpStatusCode.Forbidden)).Str("detail"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Scim_token_over_its_own_rate_limit_gets_429_with_retry_after_as_a_scim_error_until_the_clock_moves_on()
    {
        var clock = new MovableClock();
        await using var service = await TestService.StartAsync(
            settings =>
            {
                settings["RateLimits:ScimPerTokenPermits"] = "3";
                settings["RateLimits:ScimPerTokenWindow"] = "01:00:00";
            },
            s => s.AddSingleton<TimeProvider>(clock));
        var admin = await service.OnboardTenantAsync("scim-limited");
        var (_, first, _) = await IssueAsync(admin, "scim-limited");
        var (_, second, _) = await IssueAsync(admin, "scim-limited");
        var config = Base("scim-limited") + "/ServiceProviderConfig";

        var allowed = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            allowed.Add((await service.Client(first).GetAsync(config)).StatusCode);
        }

        var over = await service.Client(first).GetAsync(config);
        var otherToken = await service.Client(second).GetAsync(config);
        var adminMeanwhile = await admin.GetAsync("/api/tenants/scim-limited/fields");

        Assert.All(allowed, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Contains("This SCIM token has sent more than 3 requests", (await ScimErrorAsync(over, (HttpStatusCode)StatusCodes.Status429TooManyRequests)).Str("detail"), StringComparison.Ordinal);
        Assert.InRange(int.Parse(Assert.Single(over.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture), 1, 1200);
        Assert.Equal(HttpStatusCode.OK, otherToken.StatusCode); // per token
        Assert.Equal(HttpStatusCode.OK, adminMeanwhile.StatusCode);

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, (await service.Client(first).GetAsync(config)).StatusCode);
    }

    [Fact]
    public async Task Checks_answer_in_scims_error_shape_on_scim_routes_rfc7644_3_12_and_as_rfc7807_problems_elsewhere()
    {
        var outage = new StoreOutageHandler();
        await using var service = await TestService.StartAsync(services: s => s.AddKeyedSingleton<HttpMessageHandler>(StoreClients.HandlerKey, outage));
        var admin = await service.OnboardTenantAsync("scim-errors");
        var (_, token, _) = await IssueAsync(admin, "scim-errors");
        var scim = service.Client(token);

        var anonymous = await service.Client(null).GetAsync(Base("scim-errors") + "/Schemas");
        var anonymousElsewhere = await service.Client(null).GetAsync("/api/tenants/scim-errors/users");
        var unknownType = await scim.GetAsync(Base("scim-errors") + "/ResourceTypes/Printer");
        var unknownSchema = await scim.GetAsync(Base("scim-errors") + "/Schemas/urn:example:nothing");
        var filtered = await scim.GetAsync(Base("scim-errors") + "/Schemas?filter=" + Uri.EscapeDataString("id eq \"x\""));
        outage.Down = true;
        var storeDown = await scim.GetAsync(Base("scim-errors") + "/Schemas");
        outage.Down = false;

        await ScimErrorAsync(anonymous, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/problem+json", anonymousElsewhere.Content.Headers.ContentType?.MediaType);
        await ScimErrorAsync(unknownType, HttpStatusCode.NotFound);
        await ScimErrorAsync(unknownSchema, HttpStatusCode.NotFound);
        await ScimErrorAsync(filtered, HttpStatusCode.Forbidden); // RFC 7644 §4: a filter on a discovery endpoint SHOULD be 403
        var unavailable = await ScimErrorAsync(storeDown, HttpStatusCode.ServiceUnavailable);
        Assert.False(unavailable.TryGetProperty("scimType", out _)); // RFC 7644 §3.12 defines scimType for 400 (and 409) only
    }

    [Fact]
    public async Task Store_that_cannot_be_reached_is_503_as_a_scim_error_on_scim_routes_and_a_problem_elsewhere_never_500()
    {
        var outage = new StoreOutageHandler { Unreachable = true };
        await using var service = await TestService.StartAsync(services: s => s.AddKeyedSingleton<HttpMessageHandler>(StoreClients.HandlerKey, outage));
        var admin = await service.OnboardTenantAsync("scim-unreachable");
        var (_, token, _) = await IssueAsync(admin, "scim-unreachable");

        outage.Down = true;
        var scimRoute = await service.Client(token).GetAsync(Base("scim-unreachable") + "/Schemas");
        var adminRoute = await admin.GetAsync("/api/tenants/scim-unreachable/fields");
        outage.Down = false;

        await ScimErrorAsync(scimRoute, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, adminRoute.StatusCode);
        Assert.Equal("application/problem+json", adminRoute.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A SCIM body (RFC 7644 §3.1): application/scim+json or application/json, at most 1 MiB, JSON SCIM can read; each refusal a SCIM exception with its status.</summary>
    [Fact]
    public async Task Scim_body_reader_takes_scim_json_and_json_and_refuses_other_types_oversized_and_unreadable_bodies()
    {
        static DefaultHttpContext Request(string? contentType, byte[] body)
        {
            var http = new DefaultHttpContext();
            http.Request.ContentType = contentType;
            http.Request.Body = new MemoryStream(body);
            return http;
        }

        var resource = Encoding.UTF8.GetBytes("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ann@example.com"}""");
        var asScim = await ScimRequestBody.ReadAsync(Request("application/scim+json; charset=utf-8", resource));
        var asJson = await ScimRequestBody.ReadAsync(Request("application/json", resource));
        var asText = await Assert.ThrowsAsync<ScimException>(() => ScimRequestBody.ReadAsync(Request("text/plain", resource)));
        var tooLarge = await Assert.ThrowsAsync<ScimException>(() => ScimRequestBody.ReadAsync(Request(ScimJson, new byte[ScimRequestBody.MaxBytes + 1])));
        var twice = await Assert.ThrowsAsync<ScimException>(() => ScimRequestBody.ReadAsync(Request(ScimJson, """{"userName":"a","userName":"b"}"""u8.ToArray())));

        Assert.Equal("ann@example.com", asScim["userName"]!.GetValue<string>());
        Assert.Equal("ann@example.com", asJson["userName"]!.GetValue<string>());
        Assert.Equal((415, (string?)null), (asText.Status, ScimErrors.From(asText).Body.ScimType));
        Assert.Equal((413, (string?)null), (tooLarge.Status, ScimErrors.From(tooLarge).Body.ScimType));
        Assert.Equal((400, ScimTypes.InvalidSyntax), (twice.Status, twice.ScimType));
    }

    [Fact]
    public async Task Discovery_describes_what_is_served_and_the_tenants_custom_fields_rfc7644_section_4()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("scim-discovery", ("costcentre", "Cost centre"));
        var (_, token, _) = await IssueAsync(admin, "scim-discovery");
        var scim = service.Client(token);
        var absolute = service.Address.ToString().TrimEnd('/') + Base("scim-discovery");

        var config = await ScimResourceAsync(await scim.GetAsync(Base("scim-discovery") + "/ServiceProviderConfig"));
        var types = await ScimResourceAsync(await scim.GetAsync(Base("scim-discovery") + "/ResourceTypes"));
        var user = await ScimResourceAsync(await scim.GetAsync(Base("scim-discovery") + "/ResourceTypes/User"));
        var schemas = await ScimResourceAsync(await scim.GetAsync(Base("scim-discovery") + "/Schemas"));
        var ours = await ScimResourceAsync(await scim.GetAsync(Base("scim-discovery") + "/Schemas/" + ScimTenantSchema.FieldsUrn));
        var core = await ScimResourceAsync(await scim.GetAsync(Base("scim-discovery") + "/Schemas/" + ScimSchemas.UserUrn));

        // RFC 7643 §5: ServiceProviderConfig
        Assert.Equal("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig", config.GetProperty("schemas")[0].GetString());
        Assert.True(config.GetProperty("patch").GetProperty("supported").GetBoolean());
        Assert.True(config.GetProperty("filter").GetProperty("supported").GetBoolean());
        Assert.Equal(200, config.GetProperty("filter").GetProperty("maxResults").GetInt32());
        Assert.True(config.GetProperty("etag").GetProperty("supported").GetBoolean());
        Assert.False(config.GetProperty("sort").GetProperty("supported").GetBoolean());
        Assert.False(config.GetProperty("changePassword").GetProperty("supported").GetBoolean());
        Assert.True(config.GetProperty("bulk").GetProperty("supported").GetBoolean());
        Assert.Equal(1000, config.GetProperty("bulk").GetProperty("maxOperations").GetInt32());
        Assert.Equal(1024 * 1024, config.GetProperty("bulk").GetProperty("maxPayloadSize").GetInt32());
        Assert.Equal("oauthbearertoken", config.GetProperty("authenticationSchemes")[0].Str("type"));
        Assert.Equal(absolute + "/ServiceProviderConfig", config.GetProperty("meta").Str("location"));

        // RFC 7643 §6: ResourceTypes, in a ListResponse (RFC 7644 §3.4.2)
        Assert.Equal("urn:ietf:params:scim:api:messages:2.0:ListResponse", types.GetProperty("schemas")[0].GetString());
        Assert.Equal(["Group", "User"], types.GetProperty("Resources").EnumerateArray().Select(t => t.Str("name")).Order());
        Assert.Equal(("/Users", ScimSchemas.UserUrn), (user.Str("endpoint"), user.Str("schema")));
        Assert.Equal([ScimSchemas.EnterpriseUserUrn, ScimTenantSchema.FieldsUrn], user.GetProperty("schemaExtensions").EnumerateArray().Select(e => e.Str("schema")));
        Assert.Equal(absolute + "/ResourceTypes/User", user.GetProperty("meta").Str("location"));

        // RFC 7643 §7: Schemas, the tenant's field among them as a string attribute named by its key
        Assert.Equal(new[] { ScimSchemas.EnterpriseUserUrn, ScimSchemas.GroupUrn, ScimSchemas.UserUrn, ScimTenantSchema.FieldsUrn }.Order(StringComparer.Ordinal),
            schemas.GetProperty("Resources").EnumerateArray().Select(s => s.Str("id")).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("urn:ietf:", ScimTenantSchema.FieldsUrn, StringComparison.Ordinal);
        var field = Assert.Single(ours.GetProperty("attributes").EnumerateArray());
        Assert.Equal(("costcentre", "Cost centre", "string", false, false, "readWrite", "default", "none"),
            (field.Str("name"), field.Str("description"), field.Str("type"), field.GetProperty("multiValued").GetBoolean(), field.GetProperty("required").GetBoolean(), field.Str("mutability"), field.Str("returned"), field.Str("uniqueness")));
        Assert.Equal(absolute + "/Schemas/" + Uri.EscapeDataString(ScimTenantSchema.FieldsUrn), ours.GetProperty("meta").Str("location"));
        var attributes = core.GetProperty("attributes").EnumerateArray().ToDictionary(a => a.Str("name"));
        Assert.Equal((true, "server", false), (attributes["userName"].GetProperty("required").GetBoolean(), attributes["userName"].Str("uniqueness"), attributes["userName"].GetProperty("caseExact").GetBoolean()));
        Assert.Equal(("boolean", false), (attributes["active"].Str("type"), attributes["active"].GetProperty("required").GetBoolean()));
        Assert.Equal(("writeOnly", "never"), (attributes["password"].Str("mutability"), attributes["password"].Str("returned")));
        Assert.Equal(("complex", true), (attributes["emails"].Str("type"), attributes["emails"].GetProperty("multiValued").GetBoolean()));
        Assert.Contains(attributes["emails"].GetProperty("subAttributes").EnumerateArray(), s => s.Str("name") == "value");
        Assert.Equal("readOnly", attributes["groups"].Str("mutability"));
        Assert.False(attributes.ContainsKey("id")); // common attributes belong to no schema (RFC 7643 §3.1)
    }

    [Fact]
    public async Task While_scim_is_the_source_a_file_is_refused_with_the_reason_changes_no_user_and_does_not_pause_the_feed_and_applies_again_after_switching_back()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "scim-source", new() { ["email"] = "Email", ["firstName"] = "First", ["lastName"] = "Last" });
        const string Both = "Email,First,Last\r\nann@source.example,Ann,Lee\r\nbob@source.example,Bob,Ray\r\n";
        const string AnnRenamedBobAbsent = "Email,First,Last\r\nann@source.example,Annie,Lee\r\n";
        var settings = "/api/tenants/scim-source/feed/settings";
        Assert.Equal("completed", (await tenant.ImportAsync(Both)).Str("status"));
        var before = Api.ComparableUsers(await tenant.UsersAsync());

        var invalid = await tenant.Admin.PutJsonAsync(settings, new { hold = new { percent = 20, minimum = 10 }, source = "ldap" }, HttpStatusCode.BadRequest);
        var toScim = await tenant.Admin.PutJsonAsync(settings, new { hold = new { percent = 20, minimum = 10 }, pauseAfterFailedFiles = 1, source = "scim" });
        var refused = await tenant.ImportAsync(AnnRenamedBobAbsent);
        var afterRefusal = Api.ComparableUsers(await tenant.UsersAsync());
        var pause = (await tenant.Admin.GetJsonAsync("/api/tenants/scim-source/feed/health")).GetProperty("pause");
        var failed = await service.ServiceS3().ListObjectsV2Async(new ListObjectsV2Request { BucketName = tenant.Bucket, Prefix = BucketLayout.Failed });

        Assert.True(invalid.GetProperty("errors").TryGetProperty("source", out _));
        Assert.Equal("scim", toScim.Str("source"));
        Assert.Equal("scim", (await tenant.Admin.GetJsonAsync(settings)).Str("source"));
        Assert.Equal("failed", refused.Str("status"));
        Assert.Contains("users come from SCIM", refused.Str("reason"), StringComparison.Ordinal);
        Assert.Contains("\"file\"", refused.Str("reason"), StringComparison.Ordinal); // how to switch back
        Assert.Equal(before, afterRefusal); // Ann not renamed, Bob not absent
        Assert.Equal(BucketLayout.FailedKey(refused.Str("importId"), refused.Str("fileKey")), Assert.Single(failed.S3Objects).Key);
        Assert.Equal((false, 0), (pause.GetProperty("paused").GetBoolean(), pause.GetProperty("consecutiveFailedFiles").GetInt32()));
        Assert.Contains("source: file → scim", (await tenant.Admin.GetJsonAsync("/api/tenants/scim-source/feed/audit")).GetProperty("items")[0].Str("changes"), StringComparison.Ordinal);

        var toFile = await tenant.Admin.PutJsonAsync(settings, new { hold = new { percent = 20, minimum = 10 }, pauseAfterFailedFiles = 1, source = "file" });
        var applied = await tenant.ImportAsync(AnnRenamedBobAbsent);
        var users = await tenant.UsersAsync();

        Assert.Equal("file", toFile.Str("source"));
        Assert.Equal("completed", applied.Str("status"));
        Assert.Equal("Annie", users["ann@source.example"].Str("firstName"));
        Assert.Equal("inactive", users["bob@source.example"].Str("status")); // absent from the file again
    }

    [Fact]
    public async Task Scim_token_is_kept_only_as_a_hash_and_appears_in_no_log_list_audit_or_table()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("scim-secret");
        var (id, token, _) = await IssueAsync(admin, "scim-secret", new { label = "Okta" });
        await service.Client(token).GetAsync(Base("scim-secret") + "/Schemas");
        await service.Client(token).GetAsync("/api/tenants/scim-secret/users"); // refused: a SCIM token off the SCIM routes
        await service.Client(token + "x").GetAsync(Base("scim-secret") + "/Schemas"); // unknown

        var haystacks = new List<(string Where, string Text)>();
        var tables = new TableServiceClient(LocalStores.TablesConnectionString);
        await foreach (var table in tables.QueryAsync($"TableName ge '{service.TablePrefix}' and TableName lt '{service.TablePrefix}~'"))
        {
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                haystacks.Add(($"table {table.Name}", $"{entity.PartitionKey}|{entity.RowKey}|" + string.Join("|", entity.Select(p => $"{p.Key}={p.Value}"))));
            }
        }

        haystacks.AddRange(service.Logs.Lines.Select(line => ("log", line)));
        haystacks.Add(("list", await (await admin.GetAsync("/api/tenants/scim-secret/scim/tokens")).Content.ReadAsStringAsync()));
        haystacks.Add(("audit", await (await admin.GetAsync("/api/tenants/scim-secret/feed/audit")).Content.ReadAsStringAsync()));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

        Assert.Contains(haystacks, h => h.Where == "log");
        Assert.Contains(haystacks, h => h.Where == "audit" && h.Text.Contains(id, StringComparison.Ordinal));
        Assert.DoesNotContain(haystacks, h => h.Text.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(haystacks, h => h.Text.Contains(token.Split('.')[2], StringComparison.Ordinal));
        Assert.Contains(haystacks, h => h.Where.StartsWith("table", StringComparison.Ordinal) && h.Text.Contains(hash, StringComparison.OrdinalIgnoreCase)); // looked up by it
        Assert.DoesNotContain(haystacks, h => !h.Where.StartsWith("table", StringComparison.Ordinal) && h.Text.Contains(hash, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// While <see cref="Down"/>, every store request fails before it leaves the process: answered 503 by the store, or,
    /// when <see cref="Unreachable"/>, as a connection that cannot be made.
    /// </summary>
    private sealed class StoreOutageHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        public volatile bool Down;

        public bool Unreachable { get; init; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => (Down, Unreachable) switch
        {
            (true, true) => throw new HttpRequestException("Injected outage: the store cannot be reached.", new IOException("Connection refused")),
            (true, false) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request, Content = new StringContent("") }),
            _ => base.SendAsync(request, cancellationToken),
        };
    }
}
