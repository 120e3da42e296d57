namespace Lad.Engine.Tests.Support;

/// <summary>Finds the shared labelled datasets: env var LAD_DATASETS, else a <c>shared/datasets</c> folder above the test assembly.</summary>
internal static class Datasets
{
    public static string? Root()
    {
        var fromEnv = Environment.GetEnvironmentVariable("LAD_DATASETS");
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(fromEnv))
        {
            return fromEnv;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "datasets");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The path of <paramref name="relative"/> under the datasets root, or a dynamic skip saying what is missing.</summary>
    public static string Require(string relative)
    {
        var root = Root();
        Assert.SkipWhen(root is null, "labelled datasets not found (set LAD_DATASETS or place shared/datasets above the repo)");
        var path = System.IO.Path.Combine(root!, relative);
        Assert.SkipUnless(File.Exists(path), $"dataset file {relative} not found under {root}");
        return path;
    }
}
