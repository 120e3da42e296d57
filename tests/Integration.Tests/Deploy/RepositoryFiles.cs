namespace Lad.Integration.Tests.Deploy;

/// <summary>Finds files of the repository (deploy/, src/) from the test assembly's directory.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Lad.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Lad.sln above {AppContext.BaseDirectory}");
    }
}
