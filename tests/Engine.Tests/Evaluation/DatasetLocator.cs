namespace Lad.Engine.Tests.Evaluation;

/// <summary>Finds the shared datasets: <c>LAD_DATASETS</c>, else a <c>shared/datasets</c> folder above the test assembly.</summary>
internal static class DatasetLocator
{
    public static string? Find(string subfolder)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("LAD_DATASETS");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(Path.Combine(fromEnvironment, subfolder)))
        {
            return Path.Combine(fromEnvironment, subfolder);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "datasets", subfolder);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
