namespace Lad.Integration.Tests.Fixtures;

/// <summary>The real MongoDB named by <c>LAD_TEST_MONGODB_URI</c>; its tests skip, saying how to run them, when it is unset.</summary>
public sealed class RealMongoServerFixture() : MongoServerFixture(MongoServerChoice.UriOnly);
