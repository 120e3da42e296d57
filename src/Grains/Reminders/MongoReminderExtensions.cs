using Lad.Grains.Clustering;
using Lad.Grains.Mongo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Lad.Grains.Reminders;

/// <summary>Registers <see cref="MongoReminderTable"/> as the silo's reminder table.</summary>
public static class MongoReminderExtensions
{
    /// <summary>Enables reminders on the silo and stores them in MongoDB.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Sets connection string, database and collection prefix.</param>
    public static ISiloBuilder UseMongoReminderService(this ISiloBuilder builder, Action<MongoReminderOptions> configure)
    {
        builder.AddReminders();
        builder.Services.Configure(configure);
        builder.Services.AddTransient<IConfigurationValidator>(sp =>
            new MongoTableOptionsValidator<MongoReminderOptions>(sp.GetRequiredService<IOptions<MongoReminderOptions>>(), "MongoDB reminders"));
        builder.Services.ConfigureFormatter<MongoReminderOptions>();
        MongoClients.AddTo(builder.Services);
        builder.Services.AddSingleton<IReminderTable, MongoReminderTable>();
        return builder;
    }
}
