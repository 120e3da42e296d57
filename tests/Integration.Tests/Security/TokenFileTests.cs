using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Security;
using Lad.Grains.Security;

namespace Lad.Integration.Tests.Security;

/// <summary>AUTH_TOKENS_FILE: its lines, its errors by line, its permissions, and token lookup.</summary>
public class TokenFileTests
{
    private const string Good = """
        # who may use the control plane
        read     grafana   r-0123456789abcdef

        feedback oncall    f-0123456789abcdef
        admin    ops       a-0123456789abcdef   
        """;

    [Fact]
    public void AGoodFileGivesEachTokenItsNameAndRoleAndFindsOnlyIssuedTokens()
    {
        var tokens = TokenFile.Parse(Good, "test");

        Assert.False(tokens.IsOpen);
        Assert.Equal(["grafana:Read", "oncall:Feedback", "ops:Admin"], tokens.Tokens.Select(t => $"{t.Name}:{t.Role}"));
        Assert.Equal("oncall", tokens.Find("f-0123456789abcdef")!.Name);
        Assert.Equal(LadRole.Admin, tokens.Find("a-0123456789abcdef")!.Role);
        Assert.Null(tokens.Find("a-0123456789abcdeF"));
        Assert.Null(tokens.Find("a-0123456789abcde"));
        Assert.Null(tokens.Find(""));
        Assert.Null(tokens.Find(null));
        Assert.DoesNotContain(tokens.Tokens, t => t.Hash.Length != 32);
    }

    [Fact]
    public void EveryBadLineIsListedWithItsNumberAndAnEmptyFileIsRefused()
    {
        var e = Assert.Throws<LadConfigException>(() => TokenFile.Parse("""
            admin ops a-0123456789abcdef
            root ops2 b-0123456789abcdef
            read short abc
            feedback ops c-0123456789abcdef
            read twin a-0123456789abcdef
            admin only-two-fields
            """, "tokens.txt"));

        Assert.Equal(
            [
                "line 2: role: 'root' is not read, feedback or admin",
                "line 3: token: the token of 'short' is shorter than 16 characters",
                "line 4: name: 'ops' names two tokens; names must be unique (they are what the logs show)",
                "line 5: token: 'twin' has the same token as 'ops'",
                "line 6: token: expected 'role name token', got 2 field(s)",
            ],
            e.Errors.Select(x => x.ToString()));
        Assert.DoesNotContain("0123456789abcdef", e.Message); // tokens never appear in errors
        Assert.Contains("holds no token", Assert.Throws<LadConfigException>(() => TokenFile.Parse("# nothing\n", "t")).Message);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AFileOthersCanReadIsRefusedAndOneOnlyItsOwnerReadsIsLoaded()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes only");
        var path = Path.Combine(Path.GetTempPath(), $"lad-tokens-{Guid.NewGuid():N}");
        File.WriteAllText(path, Good);
        try
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
            var e = Assert.Throws<LadConfigException>(() => TokenFile.LoadFile(path));
            Assert.Contains("readable or writable by other users; chmod 600", e.Message);

            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
            Assert.Equal(3, TokenFile.LoadFile(path).Tokens.Count);
            Assert.Contains("cannot read the file", Assert.Throws<LadConfigException>(() => TokenFile.LoadFile(path + ".missing")).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SilosReadingTheSameTokensShareTheirProofAndAnOpenSiloInventsItsOwn()
    {
        Assert.Equal(TokenFile.Parse(Good, "a").SiloProof, TokenFile.Parse(Good, "b").SiloProof);
        Assert.NotEqual(TokenFile.Parse(Good, "a").SiloProof, TokenFile.Parse(Good.Replace("r-0123", "r-9123", StringComparison.Ordinal), "c").SiloProof);
        Assert.True(ApiTokenSet.Open.IsOpen);
        Assert.NotEqual(new ApiTokenSet([]).SiloProof, new ApiTokenSet([]).SiloProof);
    }
}
