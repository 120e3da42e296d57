using Lad.Grains.Source;

namespace Lad.Integration.Tests.Configuration;

/// <summary>Without MG_TIME_FIELD, a history whose ObjectIds were all made within minutes looks bulk-imported.</summary>
public class BulkImportCheckTests
{
    private static readonly DateTime Import = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Month = TimeSpan.FromDays(30);

    [Fact]
    public void ManyLinesWithinMinutesWarnNamingTheSettingAndFigures()
    {
        var times = Spread(2000, TimeSpan.FromMinutes(2));

        var warning = BulkImportCheck.Warning(times, timeFieldSet: false, Month);

        Assert.NotNull(warning);
        Assert.Contains("all 2000 lines", warning, StringComparison.Ordinal);
        Assert.Contains("within 120 s", warning, StringComparison.Ordinal);
        Assert.Contains("bulk import", warning, StringComparison.Ordinal);
        Assert.Contains("MG_TIME_FIELD", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void AHistorySpreadOverTimeIsSilent() =>
        Assert.Null(BulkImportCheck.Warning(Spread(2000, TimeSpan.FromHours(6)), timeFieldSet: false, Month));

    [Fact]
    public void ATimeFieldMakesIdTimesIrrelevant() =>
        Assert.Null(BulkImportCheck.Warning(Spread(2000, TimeSpan.FromMinutes(1)), timeFieldSet: true, Month));

    [Fact]
    public void FewLinesWithinMinutesAreOrdinary() =>
        Assert.Null(BulkImportCheck.Warning(Spread(BulkImportCheck.MinLines - 1, TimeSpan.FromMinutes(1)), timeFieldSet: false, Month));

    [Fact]
    public void ATrainingWindowOfMinutesIsAllABurst() =>
        Assert.Null(BulkImportCheck.Warning(Spread(2000, TimeSpan.FromMinutes(1)), timeFieldSet: false, TimeSpan.FromMinutes(5)));

    // Added newest first, as training reads them.
    private static IdTimeSpread Spread(int count, TimeSpan over)
    {
        var spread = new IdTimeSpread();
        for (var i = count - 1; i >= 0; i--)
        {
            spread.Add(Import + (over * i / Math.Max(1, count - 1)));
        }

        return spread;
    }
}
