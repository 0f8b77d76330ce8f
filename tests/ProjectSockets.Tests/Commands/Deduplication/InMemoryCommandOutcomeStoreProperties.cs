using System.Text;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace ProjectSockets.Tests.Commands.Deduplication;

/// <summary>
/// Random scripts of claims, completions and passing time against a model of the contract: each command id of a
/// session runs at most once within its window, every replay gets the first run's outcome, and refusals happen only
/// at the limits.
/// </summary>
public sealed class InMemoryCommandOutcomeStoreProperties
{
    private const int Window = 30;
    private const int PerSession = 3;
    private const int Overall = 5;

    [Property(MaxTest = 300)]
    public bool Claims_RunEachIdAtMostOncePerWindow_ReplayTheFirstOutcome_AndRefuseOnlyAtTheLimits(byte[] script)
    {
        var time = new FakeTimeProvider();
        var options = new ProjectSocketsOptions();
        options.CommandDeduplication.Window = TimeSpan.FromSeconds(Window);
        options.CommandDeduplication.MaxCommandsPerSession = PerSession;
        options.CommandDeduplication.MaxCommands = Overall;
        var store = new InMemoryCommandOutcomeStore(Microsoft.Extensions.Options.Options.Create(options), time);
        var model = new Dictionary<CommandRunKey, Run>();
        var running = new Queue<CommandRunKey>();
        var replays = new List<(Task<CommandOutcome> Outcome, Run Run)>();
        long now = 0;
        var values = 0;
        foreach (var step in script)
        {
            switch (step % 4)
            {
                case 0 or 1:
                    var key = new CommandRunKey("s" + ((step >> 2) & 1), "c" + ((step >> 3) % 5), "go", null);
                    var alive = model.TryGetValue(key, out var run) && (run.FinishedAt is null || now < run.FinishedAt + Window);
                    var claim = store.ClaimAsync(key).AsTask().Result;
                    switch (claim.Kind)
                    {
                        case CommandClaimKind.Run when alive:
                            return false;
                        case CommandClaimKind.Run:
                            model[key] = new Run(++values);
                            running.Enqueue(key);
                            break;
                        case CommandClaimKind.Replay when !alive:
                            return false;
                        case CommandClaimKind.Replay:
                            replays.Add((claim.Outcome!, model[key]));
                            break;
                        case CommandClaimKind.Refused:
                            var live = model.Where(e => e.Value.FinishedAt is null || now < e.Value.FinishedAt + Window).ToList();
                            if (alive || (live.Count < Overall && live.Count(e => e.Key.Session == key.Session) < PerSession))
                            {
                                return false;
                            }

                            break;
                    }

                    break;
                case 2 when running.TryDequeue(out var finished):
                    var first = model[finished];
                    first.FinishedAt = now;
                    store.CompleteAsync(finished, CommandOutcome.Success(Encoding.UTF8.GetBytes(first.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)))).AsTask().Wait();
                    break;
                case 3:
                    now += step >> 2;
                    time.Advance(TimeSpan.FromSeconds(step >> 2));
                    break;
            }
        }

        while (running.TryDequeue(out var last))
        {
            store.CompleteAsync(last, CommandOutcome.Success(Encoding.UTF8.GetBytes(model[last].Value.ToString(System.Globalization.CultureInfo.InvariantCulture)))).AsTask().Wait();
        }

        return replays.All(r => r.Outcome.IsCompletedSuccessfully && Encoding.UTF8.GetString(r.Outcome.Result.Data.Span) == r.Run.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private sealed class Run(int value)
    {
        public int Value { get; } = value;

        public long? FinishedAt { get; set; }
    }
}
