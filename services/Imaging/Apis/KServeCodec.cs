using System.Text.Json;
using EdsPlatform.Imaging.Inference;

namespace EdsPlatform.Imaging.Apis;

/// <summary>An inference request as read from the wire: its id, input tensors, the outputs asked for and which of them come back binary.</summary>
public sealed record InferCall(string? Id, IReadOnlyList<InferTensor> Inputs, IReadOnlyList<string>? Outputs, Func<string, bool> Binary);

/// <summary>
/// The KServe v2 / Open Inference Protocol body: JSON tensors (flat or nested "data"), and the binary tensor data
/// extension (the JSON header's length in Inference-Header-Content-Length, then each binary tensor's bytes, little
/// endian, in input order, sized by its "binary_data_size" parameter). Anything malformed is an
/// <see cref="InferenceException"/> 400 that names the tensor.
/// </summary>
public static class KServeCodec
{
    public const string HeaderLength = "Inference-Header-Content-Length";

    /// <summary>The most elements one tensor may declare (256 Mi): a shape is checked before anything is allocated for it.</summary>
    private const long MaxElements = 1L << 28;

    public static InferCall Read(byte[] body, int? jsonLength)
    {
        if (jsonLength is { } length && (length < 0 || length > body.Length))
        {
            throw InferenceException.BadRequest($"{HeaderLength} is {length}; the body has {body.Length} bytes.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.AsMemory(0, jsonLength ?? body.Length));
        }
        catch (JsonException failure)
        {
            throw InferenceException.BadRequest($"The request is not valid JSON: {failure.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array)
            {
                throw InferenceException.BadRequest("The request is an object with an \"inputs\" array.");
            }
            var binaryAt = jsonLength ?? body.Length;
            var tensors = new List<InferTensor>();
            foreach (var input in inputs.EnumerateArray())
            {
                tensors.Add(ReadTensor(input, body, ref binaryAt));
            }
            if (binaryAt != body.Length)
            {
                throw InferenceException.BadRequest($"The body has {body.Length - binaryAt} bytes of binary data that no input's binary_data_size accounts for.");
            }
            var allBinary = root.TryGetProperty("parameters", out var parameters) && Flag(parameters, "binary_data_output");
            List<string>? outputs = null;
            var binaryOutputs = new HashSet<string>(StringComparer.Ordinal);
            if (root.TryGetProperty("outputs", out var requested) && requested.ValueKind == JsonValueKind.Array)
            {
                outputs = [];
                foreach (var output in requested.EnumerateArray())
                {
                    var name = String(output, "name", "output");
                    outputs.Add(name);
                    if (output.TryGetProperty("parameters", out var outputParameters) && Flag(outputParameters, "binary_data"))
                    {
                        binaryOutputs.Add(name);
                    }
                }
            }
            var id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
            return new InferCall(id, tensors, outputs, name => allBinary || binaryOutputs.Contains(name));
        }
    }

    /// <summary>The response: JSON alone, or a JSON header followed by the binary outputs (the length of the header is returned).</summary>
    public static (byte[] Body, int? JsonLength) Write(ServedVersion model, string? id, IReadOnlyList<InferTensor> outputs, Func<string, bool> binary)
    {
        using var buffer = new MemoryStream();
        var binaryParts = new List<byte[]>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model_name", model.Config.Name);
            json.WriteString("model_version", model.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (id is not null)
            {
                json.WriteString("id", id);
            }
            json.WriteStartArray("outputs");
            foreach (var output in outputs)
            {
                json.WriteStartObject();
                json.WriteString("name", output.Name);
                json.WriteString("datatype", output.Datatype);
                json.WriteStartArray("shape");
                foreach (var dim in output.Shape)
                {
                    json.WriteNumberValue(dim);
                }
                json.WriteEndArray();
                if (binary(output.Name))
                {
                    var bytes = new byte[output.Data.Length * TensorDatatypes.ElementSize(output.Datatype)];
                    Buffer.BlockCopy(output.Data, 0, bytes, 0, bytes.Length);
                    binaryParts.Add(bytes);
                    json.WriteStartObject("parameters");
                    json.WriteNumber("binary_data_size", bytes.Length);
                    json.WriteEndObject();
                }
                else
                {
                    json.WritePropertyName("data");
                    WriteData(json, output.Data);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        if (binaryParts.Count == 0)
        {
            return (buffer.ToArray(), null);
        }
        var jsonLength = (int)buffer.Length;
        foreach (var part in binaryParts)
        {
            buffer.Write(part);
        }
        return (buffer.ToArray(), jsonLength);
    }

    private static InferTensor ReadTensor(JsonElement input, byte[] body, ref int binaryAt)
    {
        var name = String(input, "name", "input");
        var datatype = String(input, "datatype", $"input '{name}'");
        if (!TensorDatatypes.All.Contains(datatype))
        {
            throw InferenceException.BadRequest($"Input '{name}' has datatype {datatype}; this server takes {string.Join(", ", TensorDatatypes.All)}.");
        }
        if (!input.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || shapeElement.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out var dim) || dim < 0))
        {
            throw InferenceException.BadRequest($"Input '{name}' needs a \"shape\": an array of non-negative integers.");
        }
        long[] shape = [.. shapeElement.EnumerateArray().Select(d => d.GetInt64())];
        var count = shape.Aggregate(1L, (product, dim) => product > MaxElements ? product : product * dim);
        if (count > MaxElements)
        {
            throw InferenceException.BadRequest($"Input '{name}' declares more than {MaxElements} elements.");
        }
        if (input.TryGetProperty("parameters", out var parameters) && parameters.TryGetProperty("binary_data_size", out var sizeElement))
        {
            if (!sizeElement.TryGetInt32(out var size) || size < 0 || size > body.Length - binaryAt)
            {
                throw InferenceException.BadRequest($"Input '{name}' has binary_data_size {sizeElement}; {body.Length - binaryAt} bytes of binary data remain.");
            }
            var elementSize = TensorDatatypes.ElementSize(datatype);
            if (size != count * elementSize)
            {
                throw InferenceException.BadRequest($"Input '{name}' has {size} bytes of binary data; shape [{string.Join(", ", shape)}] of {datatype} needs {count * elementSize}.");
            }
            var data = TensorDatatypes.NewArray(datatype, (int)count);
            Buffer.BlockCopy(body, binaryAt, data, 0, size);
            binaryAt += size;
            return new InferTensor(name, datatype, shape, data);
        }
        if (!input.TryGetProperty("data", out var dataElement))
        {
            throw InferenceException.BadRequest($"Input '{name}' has neither \"data\" nor a binary_data_size parameter.");
        }
        var values = new List<JsonElement>((int)Math.Min(count, 1 << 20));
        Flatten(dataElement, values, count, name);
        return new InferTensor(name, datatype, shape, Convert(values, datatype, name));
    }

    private static void Flatten(JsonElement element, List<JsonElement> values, long limit, string name)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            values.Add(element);
        }
        else
        {
            foreach (var item in element.EnumerateArray())
            {
                Flatten(item, values, limit, name);
            }
        }
        if (values.Count > limit)
        {
            throw InferenceException.BadRequest($"Input '{name}' has more values than its shape holds ({limit}).");
        }
    }

    private static Array Convert(List<JsonElement> values, string datatype, string name)
    {
        try
        {
            return datatype switch
            {
                TensorDatatypes.Fp32 => values.Select(v => v.GetSingle()).ToArray(),
                TensorDatatypes.Fp64 => values.Select(v => v.GetDouble()).ToArray(),
                TensorDatatypes.Int64 => values.Select(v => v.GetInt64()).ToArray(),
                TensorDatatypes.Int32 => values.Select(v => v.GetInt32()).ToArray(),
                TensorDatatypes.Uint8 => values.Select(v => v.GetByte()).ToArray(),
                TensorDatatypes.Int8 => values.Select(v => v.GetSByte()).ToArray(),
                _ => values.Select(v => v.GetBoolean()).ToArray(),
            };
        }
        catch (Exception failure) when (failure is InvalidOperationException or FormatException)
        {
            throw InferenceException.BadRequest($"Input '{name}' has a value that is not {datatype}.");
        }
    }

    private static void WriteData(Utf8JsonWriter json, Array data)
    {
        json.WriteStartArray();
        switch (data)
        {
            case float[] values: Each(values, json.WriteNumberValue); break;
            case double[] values: Each(values, json.WriteNumberValue); break;
            case long[] values: Each(values, json.WriteNumberValue); break;
            case int[] values: Each(values, json.WriteNumberValue); break;
            case byte[] values: Each(values, value => json.WriteNumberValue(value)); break;
            case sbyte[] values: Each(values, value => json.WriteNumberValue(value)); break;
            case bool[] values: Each(values, json.WriteBooleanValue); break;
        }
        json.WriteEndArray();

        static void Each<T>(T[] values, Action<T> write)
        {
            foreach (var value in values)
            {
                write(value);
            }
        }
    }

    private static string String(JsonElement element, string property, string what) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw InferenceException.BadRequest($"Each {what} needs a \"{property}\" string.");

    private static bool Flag(JsonElement parameters, string name) =>
        parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty(name, out var flag) && flag.ValueKind == JsonValueKind.True;
}
