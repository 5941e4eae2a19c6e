// Nothing but the web host and the probe the benchmark polls: everything StatusBot adds is measured against this.
var app = WebApplication.CreateSlimBuilder(args).Build();
app.MapGet("/readyz", () => "ready\n");
await app.RunAsync();
