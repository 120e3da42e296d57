using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lad.Integration.Tests.Alerts;

/// <summary>A real HTTP receiver (Kestrel on 127.0.0.1) recording what it accepts; it can refuse (503) or be down, and
/// comes back on the same port.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<JsonElement> _accepted = [];
    private WebApplication? _app;
    private int _refused;

    private WebhookReceiver(int port) => Port = port;

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hook";

    /// <summary>Answer 503 to every request while true.</summary>
    public bool Refusing { get; set; }

    /// <summary>The Authorization header of the last request.</summary>
    public string? LastAuthorization { get; private set; }

    public int Refused => Volatile.Read(ref _refused);

    public IReadOnlyList<JsonElement> Accepted
    {
        get
        {
            lock (_gate)
            {
                return [.. _accepted];
            }
        }
    }

    /// <summary>A receiver on a free port, not yet listening.</summary>
    public static WebhookReceiver OnFreePort() => new(FreePort());

    public static int FreePort() => Fixtures.FreePorts.Next();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, Port));
        var app = builder.Build();
        app.MapPost("/hook", async (HttpContext context) =>
        {
            LastAuthorization = context.Request.Headers.Authorization.ToString();
            if (Refusing)
            {
                Interlocked.Increment(ref _refused);
                return Results.StatusCode(503);
            }

            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            lock (_gate)
            {
                _accepted.Add(body.RootElement.Clone());
            }

            return Results.NoContent();
        });
        await app.StartAsync();
        _app = app;
    }

    /// <summary>Stops listening (connections are refused) until <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
