using Orleans.Configuration;
using Orleans.Hosting;

namespace Lad.Integration.Tests.Clustering;

/// <summary>Membership and reminder timings for test clusters: a killed silo is declared dead, and its reminders
/// move, within seconds instead of the production minutes.</summary>
internal static class FastFailureDetection
{
    public static ISiloBuilder UseFastFailureDetection(this ISiloBuilder siloBuilder) => siloBuilder
        .Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(1);
            options.NumMissedProbesLimit = 2;
            options.NumVotesForDeathDeclaration = 1;
            options.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
        })
        .Configure<ReminderOptions>(options =>
        {
            options.MinimumReminderPeriod = TimeSpan.FromSeconds(1);
            options.RefreshReminderListPeriod = TimeSpan.FromSeconds(2);
        });
}
