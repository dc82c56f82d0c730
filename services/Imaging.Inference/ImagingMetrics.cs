using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EdsPlatform.Imaging.Inference;

/// <summary>
/// The inference server's OpenTelemetry instruments (meter "EdsPlatform.Imaging", shown in the Aspire dashboard), per
/// model, version and execution provider: requests by outcome, inferences (rows) against executions (batches run),
/// time queued, time computing, and requests waiting now.
/// </summary>
public sealed class ImagingMetrics
{
    public const string MeterName = "EdsPlatform.Imaging";

    private readonly Counter<long> _requests;
    private readonly Counter<long> _inferences;
    private readonly Counter<long> _executions;
    private readonly Histogram<double> _queue;
    private readonly Histogram<double> _compute;
    private readonly UpDownCounter<long> _pending;

    public ImagingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("eds.imaging.requests", "{request}", "Inference requests by outcome (success, failure, rejected).");
        _inferences = meter.CreateCounter<long>("eds.imaging.inferences", "{inference}", "Inferences run (batch rows).");
        _executions = meter.CreateCounter<long>("eds.imaging.executions", "{execution}", "Model executions (batches); inferences / executions is the mean batch size.");
        _queue = meter.CreateHistogram<double>("eds.imaging.queue.duration", "s", "Time a request waited for its batch.");
        _compute = meter.CreateHistogram<double>("eds.imaging.compute.duration", "s", "Time one batch took to run.");
        _pending = meter.CreateUpDownCounter<long>("eds.imaging.pending", "{request}", "Requests waiting in a model's queue.");
    }

    public void Request(ModelKey model, string outcome) => _requests.Add(1, Tags(model, new("outcome", outcome)));

    public void Executed(ModelKey model, int batchSize, TimeSpan compute)
    {
        _inferences.Add(batchSize, Tags(model));
        _executions.Add(1, Tags(model));
        _compute.Record(compute.TotalSeconds, Tags(model));
    }

    public void Queued(ModelKey model, TimeSpan waited) => _queue.Record(waited.TotalSeconds, Tags(model));

    public void Pending(ModelKey model, int delta) => _pending.Add(delta, Tags(model));

    private static TagList Tags(ModelKey model, KeyValuePair<string, object?>? extra = null)
    {
        var tags = new TagList { { "model", model.Name }, { "version", model.Version }, { "provider", model.Provider } };
        if (extra is { } tag)
        {
            tags.Add(tag);
        }
        return tags;
    }
}

/// <summary>The attributes of every measurement of a model version.</summary>
public sealed record ModelKey(string Name, long Version, string Provider);
