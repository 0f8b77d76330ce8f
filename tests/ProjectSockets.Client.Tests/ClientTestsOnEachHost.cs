using ProjectSockets.Client.Tests.Testing;
using Xunit.Abstractions;

namespace ProjectSockets.Client.Tests;

// Each integration suite runs once per real host adapter; these one-line classes only pick the host, so they share a file.

public sealed class ProjectSocketsClientConnectionTestsOnKestrel() : ProjectSocketsClientConnectionTests(TestHostKind.Kestrel);

public sealed class ProjectSocketsClientConnectionTestsOnHttpListener() : ProjectSocketsClientConnectionTests(TestHostKind.HttpListener);

public sealed class ProjectSocketsClientSubscriptionTestsOnKestrel() : ProjectSocketsClientSubscriptionTests(TestHostKind.Kestrel);

public sealed class ProjectSocketsClientSubscriptionTestsOnHttpListener() : ProjectSocketsClientSubscriptionTests(TestHostKind.HttpListener);

public sealed class ProjectSocketsClientCommandTestsOnKestrel() : ProjectSocketsClientCommandTests(TestHostKind.Kestrel);

public sealed class ProjectSocketsClientCommandTestsOnHttpListener() : ProjectSocketsClientCommandTests(TestHostKind.HttpListener);

public sealed class ProjectSocketsClientResumeTestsOnKestrel() : ProjectSocketsClientResumeTests(TestHostKind.Kestrel);

public sealed class ProjectSocketsClientResumeTestsOnHttpListener() : ProjectSocketsClientResumeTests(TestHostKind.HttpListener);

public sealed class ProjectSocketsClientSoakTestsOnKestrel(ITestOutputHelper output) : ProjectSocketsClientSoakTests(TestHostKind.Kestrel, output);

public sealed class ProjectSocketsClientSoakTestsOnHttpListener(ITestOutputHelper output) : ProjectSocketsClientSoakTests(TestHostKind.HttpListener, output);

public sealed class ProjectSocketsClientResubscribeTestsOnKestrel() : ProjectSocketsClientResubscribeTests(TestHostKind.Kestrel);

public sealed class ProjectSocketsClientResubscribeTestsOnHttpListener() : ProjectSocketsClientResubscribeTests(TestHostKind.HttpListener);

public sealed class ProjectSocketsClientRedisSoakTestsOnKestrel(ITestOutputHelper output) : ProjectSocketsClientRedisSoakTests(TestHostKind.Kestrel, output);

public sealed class ProjectSocketsClientRedisSoakTestsOnHttpListener(ITestOutputHelper output) : ProjectSocketsClientRedisSoakTests(TestHostKind.HttpListener, output);
