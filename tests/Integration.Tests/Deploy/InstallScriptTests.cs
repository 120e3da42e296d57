using System.Diagnostics;
using Lad.Grains.Abstractions.Security;
using Lad.Grains.Security;

namespace Lad.Integration.Tests.Deploy;

/// <summary>Runs deploy/install.sh into a temporary root with a stand-in build (no publish, no systemctl).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class InstallScriptTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("lad-install-").FullName;

    [Fact]
    public async Task InstallsBuildConfigAndUnitUnderTheRoot()
    {
        var build = FakeBuild("v1");
        var root = Path.Combine(_temp, "root");
        var (code, output) = await RunAsync("--root", root, "--prebuilt", build, "--no-systemctl");

        Assert.True(code == 0, output);
        var opt = Path.Combine(root, "opt", "anomaly_detector");
        Assert.Equal("v1", File.ReadAllText(Path.Combine(opt, "bin", "version.txt")));
        Assert.Equal(RepositoryFiles.Read("deploy/multihost.yaml"), File.ReadAllText(Path.Combine(opt, "multihost.yaml")));
        Assert.Equal(RepositoryFiles.Read("deploy/systemd/anomaly_detector.service"),
            File.ReadAllText(Path.Combine(root, "etc", "systemd", "system", "anomaly_detector.service")));

        // The unit's ExecStart names a file the install put in place.
        var unit = SystemdUnit.Parse(File.ReadAllText(Path.Combine(root, "etc", "systemd", "system", "anomaly_detector.service")));
        var executable = unit.Single("Service", "ExecStart").Split(' ')[0];
        Assert.True(File.Exists(root + executable), $"ExecStart {executable} missing under the install root");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(root, "etc", "default", "anomaly_detector")));
        Assert.Contains("Skipped systemctl", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GeneratesFreshTokensOnceReadableOnlyByTheServiceAndNamesThemInTheDefaults()
    {
        var tokens = new List<string>();
        foreach (var name in new[] { "one", "two" })
        {
            var root = Path.Combine(_temp, name);
            var (code, output) = await RunAsync("--root", root, "--prebuilt", FakeBuild(name), "--no-systemctl");
            Assert.True(code == 0, output);
            var file = Path.Combine(root, "etc", "anomaly_detector", "tokens");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.DoesNotContain(File.ReadAllLines(file).Last(), output, StringComparison.Ordinal); // never printed

            // The file is one the silo accepts, with one token per role.
            var set = TokenFile.LoadFile(file);
            Assert.Equal([LadRole.Read, LadRole.Feedback, LadRole.Admin], set.Tokens.Select(t => t.Role).ToArray());
            tokens.AddRange(File.ReadAllLines(file).Where(l => !l.StartsWith('#')).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]));
            Assert.Contains("LAD_AUTH_TOKENS_FILE=/etc/anomaly_detector/tokens",
                File.ReadAllLines(Path.Combine(root, "etc", "default", "anomaly_detector")));

            // A reinstall keeps them, and names the file in the defaults once.
            var before = File.ReadAllText(file);
            (code, output) = await RunAsync("--root", root, "--prebuilt", FakeBuild(name + "-again"), "--no-systemctl");
            Assert.True(code == 0, output);
            Assert.Contains("Kept existing API tokens", output, StringComparison.Ordinal);
            Assert.Equal(before, File.ReadAllText(file));
            Assert.Single(File.ReadAllLines(Path.Combine(root, "etc", "default", "anomaly_detector")), l => l.StartsWith("LAD_AUTH_TOKENS_FILE=", StringComparison.Ordinal));
        }

        // 48 hex digits each, and no two alike across roles and installs.
        Assert.All(tokens, t => Assert.Matches("^[0-9a-f]{48}$", t));
        Assert.Equal(6, tokens.Distinct().Count());
    }

    [Fact]
    public async Task TheInstalledSiloCanBeRunByAnUnprivilegedServiceUser()
    {
        // A publish directory made by mktemp -d is 0700, the case that locked the service user out of bin.
        var build = FakeBuild("v1");
        File.SetUnixFileMode(build, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // The staging root stands in for /, which everyone may traverse.
        File.SetUnixFileMode(_temp, (UnixFileMode)0b111_101_101);
        var root = Path.Combine(_temp, "root");
        var (code, output) = await RunAsync("--root", root, "--prebuilt", build, "--no-systemctl");
        Assert.True(code == 0, output);
        var silo = Path.Combine(root, "opt", "anomaly_detector", "bin", "lad-silo");

        if (Environment.UserName == "root" && File.Exists("/usr/bin/setpriv"))
        {
            // Run it as nobody (uid 65534), as systemd runs it as the service user.
            var (runCode, runOutput) = await RunProcessAsync(
                "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", silo], new Dictionary<string, string>());
            Assert.True(runCode == 0, $"lad-silo as uid 65534: exit {runCode}: {runOutput}");
            Assert.Equal("lad-silo v1", runOutput.Trim());
        }
        else
        {
            // Not root, so no other user to become: check that others may traverse every directory and run the file.
            for (var path = silo; path.Length > _temp.Length; path = Path.GetDirectoryName(path)!)
            {
                Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.OtherExecute), $"{path} is not executable by others");
            }
        }
    }

    [Fact]
    public async Task ReinstallReplacesTheBuildButKeepsTheConfig()
    {
        var root = Path.Combine(_temp, "root");
        Assert.Equal(0, (await RunAsync("--root", root, "--prebuilt", FakeBuild("v1", "old-only.dll"), "--no-systemctl")).Code);
        var config = Path.Combine(root, "opt", "anomaly_detector", "multihost.yaml");
        File.WriteAllText(config, "# edited by the operator\n");

        // DESTDIR is the other way to name the root.
        var (code, output) = await RunAsync(new Dictionary<string, string> { ["DESTDIR"] = root }, "--prebuilt", FakeBuild("v2"), "--no-systemctl");

        Assert.True(code == 0, output);
        Assert.Equal("# edited by the operator\n", File.ReadAllText(config));
        Assert.Contains("Kept existing configuration", output, StringComparison.Ordinal);
        var bin = Path.Combine(root, "opt", "anomaly_detector", "bin");
        Assert.Equal("v2", File.ReadAllText(Path.Combine(bin, "version.txt")));
        Assert.False(File.Exists(Path.Combine(bin, "old-only.dll")), "a file of the previous build survived the reinstall");
    }

    [Fact]
    public async Task InstallsTheLadConsoleBesideTheSiloOnThePath()
    {
        var console = FakeConsole("c1");
        var root = Path.Combine(_temp, "root");
        var (code, output) = await RunAsync("--root", root, "--prebuilt", FakeBuild("v1"), "--prebuilt-lad", console, "--no-systemctl");

        Assert.True(code == 0, output);
        var opt = Path.Combine(root, "opt", "anomaly_detector");
        Assert.Equal("c1", File.ReadAllText(Path.Combine(opt, "lad", "version.txt")));
        var link = new FileInfo(Path.Combine(root, "usr", "local", "bin", "lad"));
        Assert.Equal("/opt/anomaly_detector/lad/lad", link.LinkTarget); // the target as the installed system sees it
        Assert.True(File.Exists(root + link.LinkTarget));
        Assert.True(File.GetUnixFileMode(root + link.LinkTarget).HasFlag(UnixFileMode.OtherExecute), "every operator may run lad");
        Assert.Contains("Installed the lad console", output, StringComparison.Ordinal);

        // Without a console build nothing is claimed; one without lad in it is refused by name before anything is installed.
        (code, output) = await RunAsync("--root", Path.Combine(_temp, "silo-only"), "--prebuilt", FakeBuild("v2"), "--no-systemctl");
        Assert.True(code == 0, output);
        Assert.Contains("No lad console installed", output, StringComparison.Ordinal);
        var empty = Directory.CreateDirectory(Path.Combine(_temp, "no-console")).FullName;
        (code, output) = await RunAsync("--root", Path.Combine(_temp, "bad"), "--prebuilt", FakeBuild("v3"), "--prebuilt-lad", empty, "--no-systemctl");
        Assert.Equal(2, code);
        Assert.Contains("no executable lad in it", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_temp, "bad", "opt")), "nothing may be installed from a bad build");
    }

    [Fact]
    public async Task PrebuiltWithoutTheSiloIsRefusedByName()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_temp, "empty")).FullName;
        var (code, output) = await RunAsync("--root", Path.Combine(_temp, "root"), "--prebuilt", empty);

        Assert.Equal(2, code);
        Assert.Contains("no executable lad-silo", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_temp, "root", "opt")), "nothing may be installed from a bad build");
    }

    [Fact]
    public async Task UnknownOptionIsNamed()
    {
        var (code, output) = await RunAsync("--colour");
        Assert.Equal(2, code);
        Assert.Contains("unknown option '--colour'", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private string FakeBuild(string version, params string[] extraFiles)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_temp, "build-" + version)).FullName;
        var silo = Path.Combine(dir, "lad-silo");
        File.WriteAllText(silo, $"#!/bin/sh\necho lad-silo {version}\n");
        File.SetUnixFileMode(silo, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(dir, "version.txt"), version);
        foreach (var extra in extraFiles)
        {
            File.WriteAllText(Path.Combine(dir, extra), extra);
        }

        return dir;
    }

    private string FakeConsole(string version)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_temp, "console-" + version)).FullName;
        var lad = Path.Combine(dir, "lad");
        File.WriteAllText(lad, $"#!/bin/sh\necho lad {version}\n");
        File.SetUnixFileMode(lad, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(dir, "version.txt"), version);
        return dir;
    }

    private static Task<(int Code, string Output)> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    private static Task<(int Code, string Output)> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        Assert.SkipUnless(File.Exists("/bin/bash"), "install.sh needs bash");
        return RunProcessAsync("/bin/bash", [RepositoryFiles.PathOf("deploy/install.sh"), .. args], environment);
    }

    private static async Task<(int Code, string Output)> RunProcessAsync(string program, string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("DESTDIR");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
