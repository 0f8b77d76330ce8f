using System.Reflection;
using System.Runtime.ExceptionServices;
using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis.Tests.Testing;

/// <summary>
/// A node's connection that forwards everything to a real multiplexer, except that it can run a step of the test
/// right before, or right after, the next read of a project's position (the read script a subscription runs once it
/// listens to the channel): the windows in which an event may land while a subscriber attaches.
/// </summary>
internal class InterceptingMultiplexer : DispatchProxy
{
    private IConnectionMultiplexer _target = null!;
    private Func<Task>? _beforeRead;
    private Func<Task>? _afterRead;

    public static (IConnectionMultiplexer Connection, InterceptingMultiplexer Control) Wrap(IConnectionMultiplexer target)
    {
        var connection = Create<IConnectionMultiplexer, InterceptingMultiplexer>();
        var control = (InterceptingMultiplexer)(object)connection;
        control._target = target;
        return (connection, control);
    }

    /// <summary>Runs <paramref name="step"/> once, before the next read script is sent.</summary>
    public void BeforeNextRead(Func<Task> step) => _beforeRead = step;

    /// <summary>Runs <paramref name="step"/> once, after the next read script has been answered and before its caller sees the answer.</summary>
    public void AfterNextRead(Func<Task> step) => _afterRead = step;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var result = Forward(_target, targetMethod!, args);
        return result is IDatabase database && targetMethod!.Name == nameof(IConnectionMultiplexer.GetDatabase)
            ? InterceptingDatabase.Wrap(database, this)
            : result;
    }

    private static object? Forward(object target, MethodInfo method, object?[]? args)
    {
        try
        {
            return method.Invoke(target, args);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(exception.InnerException).Throw();
            throw;
        }
    }

    /// <summary>The database of an <see cref="InterceptingMultiplexer"/>.</summary>
    internal class InterceptingDatabase : DispatchProxy
    {
        private IDatabase _target = null!;
        private InterceptingMultiplexer _owner = null!;

        public static IDatabase Wrap(IDatabase target, InterceptingMultiplexer owner)
        {
            var database = Create<IDatabase, InterceptingDatabase>();
            var control = (InterceptingDatabase)(object)database;
            control._target = target;
            control._owner = owner;
            return database;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(IDatabaseAsync.ScriptEvaluateAsync) && args is [string script, ..] && script == RedisScripts.Read)
            {
                var before = Interlocked.Exchange(ref _owner._beforeRead, null);
                var after = Interlocked.Exchange(ref _owner._afterRead, null);
                if (before is not null || after is not null)
                {
                    return RunAsync(targetMethod, args, before, after);
                }
            }

            return Forward(_target, targetMethod, args);
        }

        private async Task<RedisResult> RunAsync(MethodInfo method, object?[] args, Func<Task>? before, Func<Task>? after)
        {
            if (before is not null)
            {
                await before();
            }

            var result = await (Task<RedisResult>)Forward(_target, method, args)!;
            if (after is not null)
            {
                await after();
            }

            return result;
        }
    }
}
