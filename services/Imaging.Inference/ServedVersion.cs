using System.Diagnostics;
using System.Threading.Channels;
using EdsPlatform.Imaging.Contracts;
using Microsoft.ML.OnnxRuntime;

namespace EdsPlatform.Imaging.Inference;

/// <summary>
/// One version of a model, loaded: an ONNX Runtime session per configured instance, each with a worker taking requests
/// from the model's bounded queue. With dynamic batching, a worker merges the queued requests into one batch of up to
/// max_batch_size rows, waiting at most max_queue_delay after the oldest (a preferred size dispatches at once), runs it
/// and hands each request its rows back. Without it, each request runs alone. A full queue refuses with 429 rather
/// than growing; a request that waited past the queue timeout gets 503.
/// </summary>
public sealed class ServedVersion : IAsyncDisposable
{
    private sealed record Pending(IReadOnlyList<InferTensor> Inputs, int Rows, long Enqueued, TaskCompletionSource<IReadOnlyList<InferTensor>> Result);

    private readonly InferenceSession[] _sessions;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly Channel<Pending> _queue;
    private readonly Task[] _workers;
    private readonly ModelStatistics _statistics = new();
    private readonly ImagingMetrics _metrics;
    private readonly int _maxBatch;
    private readonly TimeSpan _maxDelay;
    private readonly TimeSpan _queueTimeout;
    private readonly HashSet<int> _preferred;

    private ServedVersion(ModelConfig config, long version, string provider, InferenceSession[] sessions, int maxQueue, ImagingMetrics metrics)
    {
        (Config, Version, Provider, _sessions, _metrics) = (config, version, provider, sessions, metrics);
        Key = new ModelKey(config.Name, version, provider);
        _inputNames = [.. config.Input.Select(i => i.Name)];
        _outputNames = [.. config.Output.Select(o => o.Name)];
        var batching = config.DynamicBatching;
        _maxBatch = batching is null ? 0 : config.MaxBatchSize;
        _maxDelay = TimeSpan.FromMicroseconds(batching?.MaxQueueDelayMicroseconds ?? 0);
        _queueTimeout = TimeSpan.FromMicroseconds(batching?.DefaultTimeoutMicroseconds ?? 0);
        _preferred = [.. batching?.PreferredBatchSize ?? []];
        QueueCapacity = batching is { MaxQueueSize: > 0 } ? batching.MaxQueueSize : maxQueue;
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(QueueCapacity) { SingleWriter = false, SingleReader = sessions.Length == 1 });
        _workers = [.. sessions.Select(session => Task.Run(() => WorkAsync(session)))];
    }

    public ModelConfig Config { get; }

    public long Version { get; }

    /// <summary>The execution provider the sessions run on.</summary>
    public string Provider { get; }

    public ModelKey Key { get; }

    public int Instances => _sessions.Length;

    /// <summary>The class labels of the first output (its label_filename, one per line), empty without one.</summary>
    public IReadOnlyList<string> Labels { get; private init; } = [];

    public int QueueCapacity { get; }

    /// <summary>
    /// Creates the sessions, checks the model file against the configuration (names, types, dims) and runs a warm-up
    /// batch of zeros through each instance: the version is only returned ready.
    /// </summary>
    public static ServedVersion Load(ModelConfig config, long version, string modelPath, IReadOnlyList<string> labels, ExecutionProviderStatus providers, int deviceId,
        int maxQueue, ImagingMetrics metrics)
    {
        var groups = config.InstanceGroup is { Count: > 0 } configured ? configured : [new InstanceGroupConfig()];
        var kinds = groups.SelectMany(group => Enumerable.Repeat(group.Kind, group.Count)).ToList();
        var sessions = new List<InferenceSession>();
        try
        {
            foreach (var kind in kinds)
            {
                using var options = providers.CreateSessionOptions(kind, deviceId);
                sessions.Add(new InferenceSession(modelPath, options));
            }
            CheckAgainstConfig(config, sessions[0]);
            var served = new ServedVersion(config, version, providers.ProviderFor(kinds[0]), [.. sessions], maxQueue, metrics) { Labels = labels };
            served.WarmUp();
            return served;
        }
        catch
        {
            sessions.ForEach(session => session.Dispose());
            throw;
        }
    }

    /// <summary>Validates the inputs against the configuration, queues them and waits for their outputs (only <paramref name="outputs"/> when given).</summary>
    public async Task<IReadOnlyList<InferTensor>> InferAsync(IReadOnlyList<InferTensor> inputs, IReadOnlyCollection<string>? outputs, CancellationToken cancellationToken)
    {
        var ordered = Validate(inputs);
        if (outputs?.FirstOrDefault(name => !_outputNames.Contains(name)) is { } unknown)
        {
            throw InferenceException.BadRequest($"Model '{Config.Name}' has no output '{unknown}'; its outputs are {string.Join(", ", _outputNames)}.");
        }
        var pending = new Pending(ordered, Config.MaxBatchSize > 0 ? ordered[0].Rows : 1, Stopwatch.GetTimestamp(),
            new TaskCompletionSource<IReadOnlyList<InferTensor>>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            _metrics.Request(Key, "rejected");
            throw new InferenceException(429, "Inference queue full",
                $"Model '{Config.Name}' already has {QueueCapacity} requests waiting; try again shortly.", TimeSpan.FromSeconds(1));
        }
        _metrics.Pending(Key, 1);
        await using var registration = cancellationToken.Register(() => pending.Result.TrySetCanceled(cancellationToken));
        var results = await pending.Result.Task;
        return outputs is { Count: > 0 } ? [.. results.Where(result => outputs.Contains(result.Name))] : results;
    }

    public ModelStats Statistics() => _statistics.Snapshot(Config.Name, Version, Provider);

    /// <summary>Stops taking requests, lets the queued ones finish, then frees the sessions.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_workers);
        foreach (var session in _sessions)
        {
            session.Dispose();
        }
        _runOptions.Dispose();
    }

    private List<InferTensor> Validate(IReadOnlyList<InferTensor> inputs)
    {
        if (inputs.Select(i => i.Name).Except(_inputNames).FirstOrDefault() is { } extra)
        {
            throw InferenceException.BadRequest($"Model '{Config.Name}' has no input '{extra}'; its inputs are {string.Join(", ", _inputNames)}.");
        }
        var ordered = new List<InferTensor>(_inputNames.Length);
        int? rows = null;
        foreach (var expected in Config.Input)
        {
            var given = inputs.Where(i => i.Name == expected.Name).ToList();
            if (given.Count != 1)
            {
                throw InferenceException.BadRequest($"Input '{expected.Name}' is {(given.Count == 0 ? "missing" : "given more than once")}.");
            }
            var tensor = given[0];
            var datatype = TensorDatatypes.FromConfig(expected.DataType);
            if (tensor.Datatype != datatype)
            {
                throw InferenceException.BadRequest($"Input '{expected.Name}' is {datatype}, not {tensor.Datatype}.");
            }
            var shape = Config.RequestShape(expected);
            if (tensor.Shape.Length != shape.Length || tensor.Shape.Zip(shape).Any(pair => pair.First < 1 || pair.Second != -1 && pair.First != pair.Second))
            {
                throw InferenceException.BadRequest($"Input '{expected.Name}' has shape [{string.Join(", ", tensor.Shape)}]; the model takes [{string.Join(", ", shape)}] (-1: any size).");
            }
            if (Config.MaxBatchSize > 0)
            {
                if (tensor.Rows > Config.MaxBatchSize)
                {
                    throw InferenceException.BadRequest($"Input '{expected.Name}' has a batch of {tensor.Rows}; this model takes at most {Config.MaxBatchSize}.");
                }
                if (rows is not null && rows != tensor.Rows)
                {
                    throw InferenceException.BadRequest("All inputs have the same batch size (first dimension).");
                }
                rows = tensor.Rows;
            }
            if (tensor.Data.Length != InferTensor.ElementCount(tensor.Shape))
            {
                throw InferenceException.BadRequest($"Input '{expected.Name}' has {tensor.Data.Length} values; its shape [{string.Join(", ", tensor.Shape)}] needs {InferTensor.ElementCount(tensor.Shape)}.");
            }
            ordered.Add(tensor);
        }
        return ordered;
    }

    private async Task WorkAsync(InferenceSession session)
    {
        var reader = _queue.Reader;
        Pending? carried = null;
        while (carried is not null || await reader.WaitToReadAsync())
        {
            if (carried is null && !reader.TryRead(out carried))
            {
                continue;
            }
            var batch = new List<Pending> { carried };
            var rows = carried.Rows;
            carried = null;
            if (_maxBatch > 0)
            {
                carried = await FillAsync(reader, batch, rows);
            }
            _metrics.Pending(Key, -batch.Count);
            Execute(session, batch);
        }
    }

    /// <summary>Adds queued requests to the batch until it is full, reaches a preferred size, or the oldest has waited the queue delay; returns a request that did not fit.</summary>
    private async Task<Pending?> FillAsync(ChannelReader<Pending> reader, List<Pending> batch, int rows)
    {
        var deadline = batch[0].Enqueued + (long)(_maxDelay.TotalSeconds * Stopwatch.Frequency);
        while (rows < _maxBatch)
        {
            if (reader.TryRead(out var next))
            {
                if (rows + next.Rows > _maxBatch)
                {
                    return next;
                }
                batch.Add(next);
                rows += next.Rows;
                continue;
            }
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (_preferred.Contains(rows) || wait <= TimeSpan.Zero)
            {
                break;
            }
            using var timeout = new CancellationTokenSource(wait);
            try
            {
                if (!await reader.WaitToReadAsync(timeout.Token))
                {
                    break;
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return null;
    }

    private void Execute(InferenceSession session, List<Pending> batch)
    {
        var started = Stopwatch.GetTimestamp();
        var live = new List<Pending>(batch.Count);
        foreach (var pending in batch)
        {
            var waited = Stopwatch.GetElapsedTime(pending.Enqueued, started);
            _statistics.Queued(waited.Ticks * 100);
            _metrics.Queued(Key, waited);
            if (pending.Result.Task.IsCompleted)
            {
                continue; // the caller gave up
            }
            if (_queueTimeout > TimeSpan.Zero && waited > _queueTimeout)
            {
                Fail(pending, new InferenceException(503, "Queue timeout", $"The request waited {waited.TotalMilliseconds:0} ms, past model '{Config.Name}''s queue timeout.", TimeSpan.FromSeconds(1)));
                continue;
            }
            live.Add(pending);
        }
        if (live.Count == 0)
        {
            return;
        }
        IReadOnlyList<InferTensor> outputs;
        var rows = live.Sum(p => p.Rows);
        try
        {
            outputs = Run(session, [.. _inputNames.Select((_, i) => InferTensor.Concatenate([.. live.Select(p => p.Inputs[i])]))]);
        }
        catch (OnnxRuntimeException failure)
        {
            var error = InferenceException.BadRequest($"Model '{Config.Name}' refused the input: {failure.Message.Split('\n')[0]}");
            live.ForEach(pending => Fail(pending, error));
            return;
        }
        var compute = Stopwatch.GetElapsedTime(started);
        _statistics.Executed(rows, compute.Ticks * 100);
        _metrics.Executed(Key, rows, compute);
        var at = 0;
        foreach (var pending in live)
        {
            var share = Config.MaxBatchSize > 0 ? outputs.Select(output => output.Slice(at, pending.Rows)).ToList() : outputs;
            at += pending.Rows;
            _statistics.Succeeded(Stopwatch.GetElapsedTime(pending.Enqueued).Ticks * 100);
            _metrics.Request(Key, "success");
            pending.Result.TrySetResult(share);
        }
    }

    private void Fail(Pending pending, InferenceException error)
    {
        _statistics.Failed(Stopwatch.GetElapsedTime(pending.Enqueued).Ticks * 100);
        _metrics.Request(Key, "failure");
        pending.Result.TrySetException(error);
    }

    private List<InferTensor> Run(InferenceSession session, IReadOnlyList<InferTensor> inputs)
    {
        var values = inputs.Select(OrtTensors.ToOrt).ToList();
        try
        {
            using var results = session.Run(_runOptions, _inputNames, values, _outputNames);
            return [.. results.Select((value, i) => OrtTensors.FromOrt(_outputNames[i], value))];
        }
        finally
        {
            values.ForEach(value => value.Dispose());
        }
    }

    private void WarmUp()
    {
        var zeros = Config.Input.Select(input =>
        {
            long[] shape = [.. Config.RequestShape(input).Select(dim => dim == -1 ? 1 : dim)];
            var datatype = TensorDatatypes.FromConfig(input.DataType);
            return new InferTensor(input.Name, datatype, shape, TensorDatatypes.NewArray(datatype, (int)InferTensor.ElementCount(shape)));
        }).ToList();
        foreach (var session in _sessions)
        {
            Run(session, zeros);
        }
    }

    /// <summary>The model file must take and give what the configuration says: same names, types and fixed dims.</summary>
    private static void CheckAgainstConfig(ModelConfig config, InferenceSession session)
    {
        Check("input", config.Input, session.InputMetadata);
        Check("output", config.Output, session.OutputMetadata);

        void Check(string kind, IReadOnlyList<TensorConfig> configured, IReadOnlyDictionary<string, NodeMetadata> actual)
        {
            foreach (var tensor in configured)
            {
                if (!actual.TryGetValue(tensor.Name, out var node))
                {
                    throw new InvalidOperationException($"the model has no {kind} '{tensor.Name}' (it has {string.Join(", ", actual.Keys)})");
                }
                var datatype = TensorDatatypes.FromOnnx(node.ElementDataType);
                if (datatype != TensorDatatypes.FromConfig(tensor.DataType))
                {
                    throw new InvalidOperationException($"{kind} '{tensor.Name}' is {datatype} in the model, {tensor.DataType} in config.json");
                }
                long[] expected = config.RequestShape(tensor);
                var dims = node.Dimensions;
                if (dims.Length != expected.Length || dims.Zip(expected).Any(pair => pair.First > 0 && pair.Second > 0 && pair.First != pair.Second))
                {
                    throw new InvalidOperationException($"{kind} '{tensor.Name}' has dims [{string.Join(", ", dims)}] in the model, [{string.Join(", ", expected)}] in config.json");
                }
            }
            if (kind == "input" && actual.Keys.Except(configured.Select(t => t.Name)).FirstOrDefault() is { } missing)
            {
                throw new InvalidOperationException($"the model's input '{missing}' is not in config.json");
            }
        }
    }
}
