namespace Lad.Integration.Tests.Fixtures;

/// <summary>A jongodb of its own for one test class, so a conformance suite runs on jongodb whatever <c>LAD_TEST_MONGODB_URI</c> says.</summary>
public sealed class JongodbServerFixture() : MongoServerFixture(MongoServerChoice.JongodbOnly);
