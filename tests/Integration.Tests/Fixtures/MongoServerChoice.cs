namespace Lad.Integration.Tests.Fixtures;

/// <summary>Which MongoDB-speaking server a <see cref="MongoServerFixture"/> uses.</summary>
public enum MongoServerChoice
{
    /// <summary><c>LAD_TEST_MONGODB_URI</c> when set, otherwise jongodb (the assembly's default).</summary>
    UriOrJongodb,

    /// <summary>Always jongodb, even when <c>LAD_TEST_MONGODB_URI</c> is set.</summary>
    JongodbOnly,

    /// <summary>Only <c>LAD_TEST_MONGODB_URI</c>; tests skip, saying so, when it is unset.</summary>
    UriOnly,
}
