using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Security;
using Lad.Silo.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Lad.Integration.Tests.Fixtures;

/// <summary>lad-silo's HTTP endpoints and web security on a free loopback port, with a client pointed at them; the
/// test names what the endpoints call (a cluster's grain factory, metrics, ...).</summary>
internal sealed class TestWebApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestWebApi(WebApplication app, HttpClient http)
    {
        _app = app;
        Http = http;
    }

    /// <summary>A client whose base address is the served endpoints.</summary>
    public HttpClient Http { get; }

    /// <summary>Serves the endpoints under <paramref name="config"/> and <paramref name="tokens"/>.</summary>
    /// <param name="config">The settings the web security reads (metrics protection, rate limits).</param>
    /// <param name="tokens">Who may call.</param>
    /// <param name="services">Adds what the endpoints call.</param>
    public static async Task<TestWebApi> StartAsync(LadConfig config, ApiTokenSet tokens, Action<IServiceCollection> services)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        services(builder.Services);
        builder.Services.AddLadWebServices(config, tokens);
        var app = builder.Build();
        app.UseLadWeb();
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestWebApi(app, new HttpClient { BaseAddress = new Uri(address) });
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
