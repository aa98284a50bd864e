using System.Text.Encodings.Web;
using System.Text.Json;

namespace UserDataFeed.Bench.Reporting;

public static class BenchJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // result files for people, never embedded in HTML
    };
}
