using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace UserDataFeed.IntegrationTests;

/// <summary>CSV bodies sent to the preview and the dry run: ordinary files read, bad ones refused with a reason, never a 500.</summary>
public sealed class CsvUploadTests
{
    private static readonly Dictionary<string, string> Mapping = new() { ["email"] = "email", ["firstName"] = "first", ["lastName"] = "last" };

    /// <summary>A quoted comma in the first data row (the report's file, with an email column for the dry run's mapping).</summary>
    private static readonly byte[] QuotedComma = Encoding.UTF8.GetBytes(
        "first,last,address,city,zip,email\njohn,Doe,120 any st.,\"Anytown, WW\",08123,john@doe.example");

    /// <summary>"Müller" written by a Windows-1252 spreadsheet: 0xFC for ü.</summary>
    private static readonly byte[] Latin1 =
        [.. Encoding.ASCII.GetBytes("email,first,last\r\nmax@mueller.example,Max,M"), 0xFC, .. Encoding.ASCII.GetBytes("ller\r\n")];

    /// <summary>The same, after 4,000 ASCII rows: past the first 64 KB the encoding check of the file's start looks at.</summary>
    private static readonly byte[] Latin1Late =
        [.. Encoding.ASCII.GetBytes("email,first,last\r\n" + string.Concat(Enumerable.Range(0, 4000).Select(i => $"u{i}@mueller.example,U{i},Lee\r\n")) + "max@mueller.example,Max,M"), 0xFC, .. Encoding.ASCII.GetBytes("ller\r\n")];

    public static TheoryData<string> Routes => ["feed/mapping/preview", "feed/dry-run"];

    public static TheoryData<string, bool> RoutesAndLatin1Files => new()
    {
        { "feed/mapping/preview", false }, { "feed/mapping/preview", true }, { "feed/dry-run", false }, { "feed/dry-run", true },
    };

    private static async Task<HttpClient> TenantAsync(TestService service, string tenantId)
    {
        var admin = await service.OnboardTenantAsync(tenantId);
        await admin.SaveMappingAsync(tenantId, Mapping);
        return admin;
    }

    private static ByteArrayContent Csv(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return content;
    }

    private static MultipartFormDataContent Multipart(byte[] bytes) => new() { { Csv(bytes), "file", "sample.csv" } };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task File_with_a_quoted_comma_in_its_first_row_is_read_as_a_text_csv_body_and_as_multipart(string route)
    {
        await using var service = await TestService.StartAsync();
        var admin = await TenantAsync(service, "quoted");

        var body = await (await admin.PostAsync($"/api/tenants/quoted/{route}", Csv(QuotedComma))).JsonAsync(HttpStatusCode.OK);
        var multipart = await (await admin.PostAsync($"/api/tenants/quoted/{route}", Multipart(QuotedComma))).JsonAsync(HttpStatusCode.OK);

        foreach (var result in new[] { body, multipart })
        {
            if (route.EndsWith("preview", StringComparison.Ordinal))
            {
                Assert.Equal(["first", "last", "address", "city", "zip", "email"], result.Strings("columns"));
                Assert.Equal("Anytown, WW", result.GetProperty("sampleRows")[0][3].GetString());
            }
            else
            {
                Assert.Equal(1, result.Count("created"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(RoutesAndLatin1Files))]
    public async Task Windows_1252_file_is_refused_with_the_imports_encoding_reason(string route, bool late)
    {
        await using var service = await TestService.StartAsync();
        var admin = await TenantAsync(service, "latin");
        var file = late ? Latin1Late : Latin1;

        foreach (var content in new HttpContent[] { Csv(file), Multipart(file) })
        {
            var response = await admin.PostAsync($"/api/tenants/latin/{route}", content);
            var problem = await ProblemAsync(response);

            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"{response.StatusCode}: {problem}");
            Assert.Contains("UTF-8", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains("CSV UTF-8", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    /// <summary>csv-spectrum's location_coordinates.csv as published: its degree signs already replaced by U+FFFD, in UTF-8.</summary>
    private static readonly byte[] LocationsAsPublished = Encoding.UTF8.GetBytes(
        "Contact Phone Number,Location Coordinates,Cities,Counties\n02095257564,37\uFFFD36'37.8\"N 121\uFFFD2'17.9\"W,Modesto,Stanislaus");

    /// <summary>The same file as its author's Latin-1 editor wrote it: 0xB0 for each degree sign.</summary>
    private static readonly byte[] LocationsInLatin1 = Encoding.Latin1.GetBytes(
        "Contact Phone Number,Location Coordinates,Cities,Counties\n02095257564,37\u00B036'37.8\"N 121\u00B02'17.9\"W,Modesto,Stanislaus");

    [Fact]
    public async Task Location_coordinates_sample_is_judged_alike_by_the_preview_and_the_dry_run_in_either_encoding()
    {
        await using var service = await TestService.StartAsync();
        var admin = await service.OnboardTenantAsync("spectrum");
        await admin.SaveMappingAsync("spectrum", new() { ["email"] = "Contact Phone Number", ["firstName"] = "Cities", ["lastName"] = "Counties" });

        var preview = await (await admin.PostAsync("/api/tenants/spectrum/feed/mapping/preview", Csv(LocationsAsPublished))).JsonAsync(HttpStatusCode.OK);
        var dryRun = await (await admin.PostAsync("/api/tenants/spectrum/feed/dry-run", Csv(LocationsAsPublished))).JsonAsync(HttpStatusCode.OK);
        var latinPreview = await admin.PostAsync("/api/tenants/spectrum/feed/mapping/preview", Csv(LocationsInLatin1));
        var latinDryRun = await admin.PostAsync("/api/tenants/spectrum/feed/dry-run", Csv(LocationsInLatin1));

        Assert.Equal("37\uFFFD36'37.8\"N 121\uFFFD2'17.9\"W", preview.GetProperty("sampleRows")[0][1].GetString());
        Assert.Equal(1, dryRun.Count("rows"));
        Assert.Equal(HttpStatusCode.BadRequest, latinPreview.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, latinDryRun.StatusCode);
        var reason = (await ProblemAsync(latinPreview)).Str("detail");
        Assert.Contains("not UTF-8", reason, StringComparison.Ordinal);
        Assert.Equal($"The file would fail as a whole: {reason}", (await ProblemAsync(latinDryRun)).Str("detail"));
    }

    /// <summary>A body sent with exactly this Content-Type (HttpClient would otherwise check or complete it).</summary>
    private static ByteArrayContent Raw(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        Assert.True(content.Headers.TryAddWithoutValidation("Content-Type", contentType));
        return content;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Multipart_body_cut_before_its_closing_boundary_is_a_400_that_says_so(string route)
    {
        await using var service = await TestService.StartAsync();
        var admin = await TenantAsync(service, "cutshort");
        var form = new MultipartFormDataContent("cut") { { Csv(QuotedComma), "file", "sample.csv" } };
        var bytes = await form.ReadAsByteArrayAsync();
        var cut = bytes[..(bytes.Length - 20)]; // the closing boundary and the file's last bytes are missing

        var response = await admin.PostAsync($"/api/tenants/cutshort/{route}", Raw(cut, "multipart/form-data; boundary=\"cut\""));
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("closing boundary", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Multipart_body_without_a_boundary_is_a_400_naming_the_missing_boundary_not_a_size_limit(string route)
    {
        await using var service = await TestService.StartAsync();
        var admin = await TenantAsync(service, "noboundary");

        var response = await admin.PostAsync($"/api/tenants/noboundary/{route}", Raw("a,b"u8.ToArray(), "multipart/form-data"));
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no boundary", problem.Str("detail"), StringComparison.Ordinal);
        Assert.DoesNotContain("limit", problem.Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dry_run_refuses_a_file_over_the_size_limit_with_the_imports_reason()
    {
        await using var service = await TestService.StartAsync(s => s["Feed:MaxFileBytes"] = "1000");
        var tenant = await FeedTenant.CreateAsync(service, "bigfile", Mapping);
        var csv = "email,first,last\r\n" + string.Concat(Enumerable.Range(0, 60).Select(i => $"u{i}@big.example,U{i},Lee\r\n"));
        var bytes = Encoding.UTF8.GetBytes(csv);
        Assert.True(bytes.Length > 1000);

        var record = await tenant.ImportAsync(csv);
        var reason = record.Str("reason");
        Assert.Equal("failed", record.Str("status"));
        foreach (var content in new HttpContent[] { Csv(bytes), Multipart(bytes) })
        {
            var response = await tenant.Admin.PostAsync("/api/tenants/bigfile/feed/dry-run", content);
            var problem = await ProblemAsync(response);

            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Equal($"The file would fail as a whole: {reason}", problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task Preview_refuses_a_sample_over_ten_megabytes_with_413_and_a_reason()
    {
        await using var service = await TestService.StartAsync();
        var admin = await TenantAsync(service, "bigsample");
        var bytes = Encoding.UTF8.GetBytes("email,first,last\r\n" + string.Concat(Enumerable.Range(0, 400_000).Select(i => $"u{i}@big.example,U{i},Lee\r\n")));
        Assert.True(bytes.Length > 10 * 1024 * 1024);

        var response = await admin.PostAsync("/api/tenants/bigsample/feed/mapping/preview", Csv(bytes));
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 10,485,760 bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Huge_cell_is_refused_in_our_own_words_by_the_preview_the_dry_run_and_the_import()
    {
        await using var service = await TestService.StartAsync();
        var tenant = await FeedTenant.CreateAsync(service, "hugecell", Mapping);
        var csv = "email,first,last\r\nann@huge.example,Ann,Lee\r\nbob@huge.example,Bob," + new string('x', 2 * 1024 * 1024) + "\r\n";

        var preview = await tenant.Admin.PostAsync("/api/tenants/hugecell/feed/mapping/preview", Csv(Encoding.UTF8.GetBytes(csv)));
        var dryRun = await tenant.Admin.PostAsync("/api/tenants/hugecell/feed/dry-run", Csv(Encoding.UTF8.GetBytes(csv)));
        var record = await tenant.ImportAsync(csv);

        Assert.Equal(HttpStatusCode.BadRequest, preview.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, dryRun.StatusCode);
        foreach (var reason in new[] { (await ProblemAsync(preview)).Str("detail"), (await ProblemAsync(dryRun)).Str("detail"), record.Str("reason") })
        {
            Assert.Contains("A cell or row of the file is larger than", reason, StringComparison.Ordinal);
            Assert.Contains("data row 2", reason, StringComparison.Ordinal);
            Assert.DoesNotContain("MaxBufferSize", reason, StringComparison.Ordinal);
        }
    }

    internal static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"Expected a problem, got {(int)response.StatusCode} {response.Content.Headers.ContentType}: '{text}'");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
