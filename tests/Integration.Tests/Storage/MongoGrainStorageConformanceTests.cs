using Lad.Integration.Tests.Fixtures;

namespace Lad.Integration.Tests.Storage;

/// <summary>The grain storage conformance suite on jongodb.</summary>
public sealed class MongoGrainStorageConformanceTests(JongodbServerFixture server)
    : GrainStorageConformance(server), IClassFixture<JongodbServerFixture>;

/// <summary>The grain storage conformance suite on the real MongoDB of <c>LAD_TEST_MONGODB_URI</c> (skipped, saying so, without it).</summary>
public sealed class RealMongoGrainStorageConformanceTests(RealMongoServerFixture server)
    : GrainStorageConformance(server), IClassFixture<RealMongoServerFixture>;
