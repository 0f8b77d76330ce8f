namespace ProjectSockets.Tests.SendQueues;

/// <summary>At most one <c>pong</c> waits in a send queue, however many pings arrive.</summary>
public sealed class SendQueuePongTests
{
    [Fact]
    public void TryWritePong_WhileOneWaits_AddsNothing()
    {
        var queue = new SendQueue();

        for (var i = 0; i < 5_000; i++)
        {
            Assert.True(queue.TryWritePong(ProtocolWriter.Pong));
        }

        queue.TakeAll(out var count, out _);
        Assert.Equal(1, count);
    }

    [Fact]
    public void TryWritePong_AfterTheWaitingOneWasTaken_QueuesANewOneBehindOtherMessages()
    {
        var queue = new SendQueue();
        queue.TryWritePong(ProtocolWriter.Pong);
        queue.TakeAll(out _, out _);

        queue.TryWrite(new OutboundMessage("{\"type\":\"event\"}"u8.ToArray(), Counted: true));
        queue.TryWritePong(ProtocolWriter.Pong);
        queue.TryWritePong(ProtocolWriter.Pong);
        var items = queue.TakeAll(out var count, out _);

        Assert.Equal(2, count);
        Assert.True(items[1].Data.Span.SequenceEqual(ProtocolWriter.Pong));
        Assert.False(items[1].Counted);
    }

    [Fact]
    public void TryWritePong_AfterComplete_IsRefused()
    {
        var queue = new SendQueue();
        queue.Complete();

        Assert.False(queue.TryWritePong(ProtocolWriter.Pong));
    }
}
