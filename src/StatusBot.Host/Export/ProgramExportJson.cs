using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace StatusBot.Host.Export;

/// <summary>
/// The export as one JSON document, nested (a dependency carries its ETA changes, a milestone its date changes), with
/// the CSV's names (snake_case) and formats: dates <c>yyyy-MM-dd</c>, instants UTC <c>yyyy-MM-ddTHH:mm:ssZ</c>.
/// </summary>
public static class ProgramExportJson
{
    public const string ContentType = "application/json; charset=utf-8";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,

        // A file to download, never embedded in HTML: names and text keep their characters (no \u002B for "+").
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new UtcInstantConverter() },
    };

    public static string ToText(ProgramExport export) => JsonSerializer.Serialize(export, Options) + "\n";

    /// <summary>Instants in UTC with <c>Z</c>, to the second, as in the CSV (the default writes the stored offset and fractions).</summary>
    private sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(ProgramExportCsv.Instant(value));
    }
}
