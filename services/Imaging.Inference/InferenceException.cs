namespace EdsPlatform.Imaging.Inference;

/// <summary>
/// A request the server cannot serve, with the HTTP status it maps to: 400 bad tensors, 404 unknown model or version,
/// 409 a repository action that conflicts, 429 queue full, 503 model not ready or queue timeout. <see cref="RetryAfter"/>
/// says when trying again makes sense.
/// </summary>
public sealed class InferenceException(int status, string title, string detail, TimeSpan? retryAfter = null) : Exception(detail)
{
    public int Status => status;

    public string Title => title;

    public TimeSpan? RetryAfter => retryAfter;

    public static InferenceException BadRequest(string detail) => new(400, "Invalid inference request", detail);

    public static InferenceException UnknownModel(string name, long? version = null) =>
        new(404, "Unknown model", version is null ? $"No model '{name}' in the repository." : $"Model '{name}' has no version {version} being served.");

    public static InferenceException NotReady(string name, string state, string? reason) =>
        new(503, "Model not ready", $"Model '{name}' is {state}{(reason is null ? "" : ": " + reason)}.", TimeSpan.FromSeconds(5));
}
