using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace ProjectSockets;

/// <summary>One host command: its name and how to invoke it.</summary>
internal sealed class CommandRegistration
{
    private static readonly byte[] s_emptyObject = "{}"u8.ToArray();

    private CommandRegistration(string name, Func<JsonSerializerOptions, CommandInvoker> bind)
    {
        Name = name;
        Bind = bind;
    }

    public string Name { get; }

    /// <summary>Binds the handler to the serializer options the host configured.</summary>
    public Func<JsonSerializerOptions, CommandInvoker> Bind { get; }

    /// <summary>A delegate whose arguments and result are read and written with the host's options, by reflection.</summary>
    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    public static CommandRegistration FromDelegate<TArgs, TResult>(string name, Func<TArgs, CommandContext, CancellationToken, ValueTask<TResult>> handler)
        => new(name, json =>
        {
            // As JsonSerializer's reflection overloads do: options without a resolver get the reflection-based one.
            json.MakeReadOnly(populateMissingResolver: true);
            return Invoker(json, json => (JsonTypeInfo<TArgs>)json.GetTypeInfo(typeof(TArgs)), json => (JsonTypeInfo<TResult>)json.GetTypeInfo(typeof(TResult)), handler);
        });

    /// <summary>A delegate whose arguments and result are read and written with the given contracts: no reflection.</summary>
    public static CommandRegistration FromDelegate<TArgs, TResult>(
        string name, JsonTypeInfo<TArgs> argsTypeInfo, JsonTypeInfo<TResult> resultTypeInfo, Func<TArgs, CommandContext, CancellationToken, ValueTask<TResult>> handler)
        => new(name, json => Invoker(json, _ => argsTypeInfo, _ => resultTypeInfo, handler));

    [RequiresUnreferencedCode(TrimmingMessages.HandlerType)]
    [RequiresDynamicCode(TrimmingMessages.HandlerType)]
    public static CommandRegistration FromHandlerType(string name, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.Interfaces)] Type handlerType)
    {
        var contract = handlerType.GetInterfaces()
            .SingleOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommandHandler<,>))
            ?? throw new ArgumentException($"Command '{name}': {handlerType.Name} must implement ICommandHandler<TArgs, TResult> exactly once.", nameof(handlerType));
        var method = typeof(CommandRegistration).GetMethod(nameof(FromHandlerByReflection), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod([handlerType, .. contract.GetGenericArguments()]);
        return (CommandRegistration)method.Invoke(null, [name])!;
    }

    /// <summary>A handler class resolved from the invocation's scope, with the given contracts: no reflection.</summary>
    public static CommandRegistration FromHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler, TArgs, TResult>(
        string name, JsonTypeInfo<TArgs> argsTypeInfo, JsonTypeInfo<TResult> resultTypeInfo)
        where THandler : ICommandHandler<TArgs, TResult>
        => FromDelegate(name, argsTypeInfo, resultTypeInfo, (args, context, cancellationToken) =>
            ActivatorUtilities.GetServiceOrCreateInstance<THandler>(context.Services).HandleAsync(args, context, cancellationToken));

    [RequiresUnreferencedCode(TrimmingMessages.HandlerType)]
    [RequiresDynamicCode(TrimmingMessages.HandlerType)]
    private static CommandRegistration FromHandlerByReflection<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler, TArgs, TResult>(string name)
        where THandler : ICommandHandler<TArgs, TResult>
        => FromDelegate<TArgs, TResult>(name, (args, context, cancellationToken) =>
            ActivatorUtilities.GetServiceOrCreateInstance<THandler>(context.Services).HandleAsync(args, context, cancellationToken));

    private static CommandInvoker Invoker<TArgs, TResult>(
        JsonSerializerOptions json,
        Func<JsonSerializerOptions, JsonTypeInfo<TArgs>> argsTypeInfo,
        Func<JsonSerializerOptions, JsonTypeInfo<TResult>> resultTypeInfo,
        Func<TArgs, CommandContext, CancellationToken, ValueTask<TResult>> handler)
        => async (args, context, cancellationToken) =>
        {
            var value = ReadArgs(args, json, argsTypeInfo);
            var result = await handler(value, context, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.SerializeToUtf8Bytes(result, resultTypeInfo(json));
        };

    private static TArgs ReadArgs<TArgs>(byte[]? args, JsonSerializerOptions json, Func<JsonSerializerOptions, JsonTypeInfo<TArgs>> argsTypeInfo)
    {
        try
        {
            // Resolved per invocation (the options cache it): a type the options cannot handle fails this command
            // with invalid_args, as the reflection-based reader always did, not the host's start-up.
            return JsonSerializer.Deserialize(args ?? s_emptyObject, argsTypeInfo(json))!;
        }
        catch (JsonException exception)
        {
            throw new InvalidCommandArgumentsException(exception);
        }
        catch (NotSupportedException exception)
        {
            throw new InvalidCommandArgumentsException(exception);
        }
    }
}
