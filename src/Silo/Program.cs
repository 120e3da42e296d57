using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSystemd();
builder.UseOrleans(silo => silo.UseLocalhostClustering());
await builder.Build().RunAsync();
