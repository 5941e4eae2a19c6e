using Microsoft.Extensions.Options;

namespace StatusBot.Host.Observability;

/// <summary>Section <c>Metrics</c>: the Prometheus scrape endpoint <c>/metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Off by default: <c>/metrics</c> is not mapped at all.</summary>
    public bool Enabled { get; set; }

    /// <summary>Bearer token that opens <c>/metrics</c> to a remote scraper (16+ characters); without it, loopback callers only.</summary>
    public string? Token { get; set; }
}

/// <summary>Section <c>OpenTelemetry</c>: pushing metrics and traces to a collector over OTLP.</summary>
public sealed class OpenTelemetryOptions
{
    public const string Section = "OpenTelemetry";

    /// <summary>The service name reported with every metric and span.</summary>
    public string ServiceName { get; set; } = "statusbot";

    public OtlpOptions Otlp { get; set; } = new();
}

public sealed class OtlpOptions
{
    /// <summary>Collector address, e.g. <c>http://otel-collector:4317</c>; empty (the default) exports nothing.</summary>
    public string? Endpoint { get; set; }

    /// <summary><c>grpc</c> (port 4317) or <c>http/protobuf</c> (port 4318, the signal paths are added).</summary>
    public string Protocol { get; set; } = "grpc";

    /// <summary>Optional headers, <c>key=value</c> pairs separated by commas (e.g. an API key of a hosted collector).</summary>
    public string? Headers { get; set; }

    /// <summary>Whether traces are exported too (metrics always are, once an endpoint is set).</summary>
    public bool Traces { get; set; } = true;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Endpoint);
}

public sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options) =>
        options.Token is { } token && token.Length < 16
            ? ValidateOptionsResult.Fail($"Metrics:Token: must be at least 16 characters (a random string, e.g. from 'openssl rand -hex 32'); it has {token.Length}.")
            : ValidateOptionsResult.Success;
}

public sealed class OpenTelemetryOptionsValidator : IValidateOptions<OpenTelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, OpenTelemetryOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            failures.Add("OpenTelemetry:ServiceName: must not be empty (e.g. 'statusbot').");
        }

        var otlp = options.Otlp;
        if (otlp.IsEnabled && (!Uri.TryCreate(otlp.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            failures.Add($"OpenTelemetry:Otlp:Endpoint: '{otlp.Endpoint}' is not an http(s) URL, e.g. http://otel-collector:4317.");
        }

        if (otlp.Protocol is not ("grpc" or "http/protobuf"))
        {
            failures.Add($"OpenTelemetry:Otlp:Protocol: '{otlp.Protocol}' is not supported; use 'grpc' or 'http/protobuf'.");
        }

        if (otlp.Headers is { Length: > 0 } headers && headers.Split(',').Any(pair => pair.IndexOf('=', StringComparison.Ordinal) < 1))
        {
            failures.Add("OpenTelemetry:Otlp:Headers: must be key=value pairs separated by commas, e.g. 'api-key=…'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
