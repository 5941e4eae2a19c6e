using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using StatusBot.Host.Dashboard;

namespace StatusBot.Host.Export;

/// <summary>
/// <c>GET /programs/{id}/export.csv</c> and <c>/programs/{id}/export.json</c>: the program's full record for quarterly
/// reviews, behind the dashboard's own access check (<see cref="DashboardAccess"/>: the same signed link or reader token).
/// </summary>
public static class ExportEndpoints
{
    public static IServiceCollection AddProgramExport(this IServiceCollection services)
    {
        services.AddSingleton<ProgramExportLoader>();
        return services;
    }

    public static IEndpointRouteBuilder MapProgramExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/programs/{id:long}/export.csv", (long id, string? exp, string? sig, string? token, [FromServices] DashboardAccess access, [FromServices] ProgramExportLoader loader, CancellationToken ct) =>
            ServeAsync(id, exp, sig, token, access, loader, "csv", ProgramExportCsv.ContentType, ProgramExportCsv.ToText, ct));
        endpoints.MapGet("/programs/{id:long}/export.json", (long id, string? exp, string? sig, string? token, [FromServices] DashboardAccess access, [FromServices] ProgramExportLoader loader, CancellationToken ct) =>
            ServeAsync(id, exp, sig, token, access, loader, "json", ProgramExportJson.ContentType, ProgramExportJson.ToText, ct));
        return endpoints;
    }

    private static async Task<IResult> ServeAsync(
        long id, string? exp, string? sig, string? token, DashboardAccess access, ProgramExportLoader loader, string extension, string contentType, Func<ProgramExport, string> render, CancellationToken ct)
    {
        if (await access.RefusalAsync(id, exp, sig, token, ct) is { } refusal)
        {
            return DashboardEndpoints.Denied(refusal);
        }

        var export = await loader.LoadAsync(id, ct);
        if (export is null)
        {
            return Results.Content(DashboardEndpoints.Message("Not found", $"There is no program {id}."), "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }

        return Results.File(Encoding.UTF8.GetBytes(render(export)), contentType, FileName(export, extension));
    }

    /// <summary><c>statusbot-apollo-2026-12-01.csv</c>: the program and the day (UTC) it was taken, in characters every file system accepts.</summary>
    public static string FileName(ProgramExport export, string extension)
    {
        ArgumentNullException.ThrowIfNull(export);
        var slug = new StringBuilder();
        foreach (var c in export.ProgramName.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var name = slug.ToString().Trim('-');
        if (name.Length == 0)
        {
            name = string.Create(CultureInfo.InvariantCulture, $"program-{export.ProgramId}");
        }

        return string.Create(CultureInfo.InvariantCulture, $"statusbot-{name}-{export.GeneratedAt.UtcDateTime:yyyy-MM-dd}.{extension}");
    }
}
