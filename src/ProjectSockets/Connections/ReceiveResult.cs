namespace ProjectSockets;

/// <summary>The outcome of <see cref="IConnection.ReceiveAsync"/>.</summary>
/// <param name="MessageType">What was received.</param>
/// <param name="Count">The number of payload bytes written for a <see cref="ReceivedMessageType.Text"/> message.</param>
/// <param name="CloseStatus">The peer's close code for <see cref="ReceivedMessageType.Close"/>, when it sent one.</param>
/// <param name="CloseDescription">The peer's close reason for <see cref="ReceivedMessageType.Close"/>.</param>
public readonly record struct ReceiveResult(ReceivedMessageType MessageType, int Count, int? CloseStatus = null, string? CloseDescription = null);
