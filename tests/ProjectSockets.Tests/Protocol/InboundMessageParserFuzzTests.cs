using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Protocol;

/// <summary>The parser on generated input: it never throws, and what it calls valid follows the Names rules.</summary>
public sealed class InboundMessageParserFuzzTests
{
    [Fact]
    public void Fuzz_Parse_OnGeneratedInput_NeverThrowsAndKeepsEveryRule()
    {
        var seed = FuzzSettings.Seed();
        var generator = new FuzzInputGenerator(seed);
        var iterations = FuzzSettings.Iterations(20_000);
        for (var i = 0; i < iterations; i++)
        {
            var input = generator.Next();
            try
            {
                AssertParsedWithinTheRules(input);
            }
            catch (Exception exception)
            {
                Assert.Fail(FuzzSettings.Describe(seed, i, input, exception));
            }
        }
    }

    private static void AssertParsedWithinTheRules(byte[] input)
    {
        var messages = InboundMessageParser.Parse(input);

        // At most one message per object, and one bad_request for what could not be read.
        Assert.InRange(messages.Count, 1, (input.Length / 2) + 1);
        foreach (var message in messages)
        {
            if (message.Id is { } id)
            {
                Assert.True(ProtocolNames.IsValidCommandId(id), "An id that breaks the rules was kept.");
            }

            if (!message.IsValid)
            {
                Assert.False(string.IsNullOrWhiteSpace(message.ErrorMessage));
                continue;
            }

            if (message.Type != InboundMessageType.Command)
            {
                continue;
            }

            Assert.True(message.Command is { } command && ProtocolNames.IsValidName(command), "A valid command has a valid name.");
            Assert.True(message.Project is null || ProtocolNames.IsValidProject(message.Project), "A valid command has no invalid project.");
        }
    }
}
