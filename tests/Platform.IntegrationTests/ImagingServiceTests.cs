using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdsPlatform.Imaging.Dicom;

namespace EdsPlatform.IntegrationTests;

/// <summary>The imaging service through the gateway: the Open Inference Protocol on the shipped models, DICOM studies to findings and SR, and bad input.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ImagingServiceTests(PlatformFixture platform)
{
    private const string V2 = "/api/imaging/v2";

    private static readonly string DataFolder = Path.Combine(AppContext.BaseDirectory, "Data");

    private static (float[] Input, float[] Output) MnistVector(int k)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(DataFolder, "mnist", $"test_data_{k}.json")));
        float[] Values(string name) => [.. json.RootElement.GetProperty(name).GetProperty("values").EnumerateArray().Select(v => v.GetSingle())];
        return (Values("inputs"), Values("outputs"));
    }

    [Fact]
    public async Task The_inference_protocol_serves_the_shipped_models_and_says_its_provider()
    {
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        var server = await ApiSession.OkAsync(researcher.GetAsync(V2));
        Assert.Contains("binary_tensor_data", server["extensions"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal("CPUExecutionProvider", server["execution_provider"]!["active"]!.GetValue<string>()); // CI has no GPU
        Assert.False(string.IsNullOrEmpty(server["execution_provider"]!["cuda_unavailable_reason"]!.GetValue<string>()));
        await ApiSession.OkAsync(researcher.GetAsync($"{V2}/health/ready"));

        var metadata = await ApiSession.OkAsync(researcher.GetAsync($"{V2}/models/chest-opacity"));
        Assert.Equal("[-1,1,64,64]", metadata["inputs"]![0]!["shape"]!.ToJsonString());
        Assert.Equal("READY", metadata["state"]!.GetValue<string>());
        await ApiSession.OkAsync(researcher.GetAsync($"{V2}/models/mnist/versions/1/ready"));

        var (input, expected) = MnistVector(0);
        var request = new { id = "t0", inputs = new[] { new { name = "Input3", shape = new[] { 1, 1, 28, 28 }, datatype = "FP32", data = input } } };
        var answer = await ApiSession.OkAsync(researcher.PostAsync($"{V2}/models/mnist/infer", request));
        Assert.Equal(("mnist", "1", "t0"), (answer["model_name"]!.GetValue<string>(), answer["model_version"]!.GetValue<string>(), answer["id"]!.GetValue<string>()));
        var scores = answer["outputs"]![0]!["data"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
        Assert.All(scores.Zip(expected), pair => Assert.InRange(pair.First - pair.Second, -1e-4f, 1e-4f));

        // The binary tensor data extension: the JSON header, then the raw little-endian floats; binary output back.
        var header = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            inputs = new[] { new { name = "Input3", shape = new[] { 1, 1, 28, 28 }, datatype = "FP32", parameters = new { binary_data_size = 784 * 4 } } },
            outputs = new[] { new { name = "Plus214_Output_0", parameters = new { binary_data = true } } },
        }));
        var binary = new byte[784 * 4];
        Buffer.BlockCopy(input, 0, binary, 0, binary.Length);
        using var binaryResponse = await researcher.SendAsync(HttpMethod.Post, $"{V2}/models/mnist/infer", null, message =>
        {
            message.Content = new ByteArrayContent([.. header, .. binary]);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            message.Content.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        Assert.Equal(HttpStatusCode.OK, binaryResponse.StatusCode);
        var jsonLength = int.Parse(binaryResponse.Headers.GetValues("Inference-Header-Content-Length").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var body = await binaryResponse.Content.ReadAsByteArrayAsync();
        Assert.Equal(40, JsonNode.Parse(body.AsSpan(0, jsonLength))!["outputs"]![0]!["parameters"]!["binary_data_size"]!.GetValue<int>());
        var binaryScores = new float[10];
        Buffer.BlockCopy(body, jsonLength, binaryScores, 0, 40);
        Assert.Equal(scores, binaryScores);

        var stats = await ApiSession.OkAsync(researcher.GetAsync($"{V2}/models/mnist/stats"));
        Assert.True(stats["model_stats"]![0]!["inference_stats"]!["success"]!["count"]!.GetValue<long>() >= 2);
        Assert.Equal("CPUExecutionProvider", stats["model_stats"]![0]!["provider"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_inference_requests_get_problem_details_naming_the_problem()
    {
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        async Task<string> Problem(HttpStatusCode status, string path, object body)
        {
            using var response = await researcher.PostAsync(path, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return JsonNode.Parse(text)!["detail"]!.GetValue<string>();
        }

        var wrongShape = new { inputs = new[] { new { name = "Input3", shape = new[] { 1, 28, 28 }, datatype = "FP32", data = new float[784] } } };
        Assert.Contains("shape [1, 28, 28]", await Problem(HttpStatusCode.BadRequest, $"{V2}/models/mnist/infer", wrongShape), StringComparison.Ordinal);
        var wrongType = new { inputs = new[] { new { name = "Input3", shape = new[] { 1, 1, 28, 28 }, datatype = "INT64", data = new long[784] } } };
        Assert.Contains("is FP32, not INT64", await Problem(HttpStatusCode.BadRequest, $"{V2}/models/mnist/infer", wrongType), StringComparison.Ordinal);
        var tooBig = new { inputs = new[] { new { name = "image", shape = new[] { 33, 1, 64, 64 }, datatype = "FP32", data = new float[33 * 64 * 64] } } };
        Assert.Contains("at most 32", await Problem(HttpStatusCode.BadRequest, $"{V2}/models/chest-opacity/infer", tooBig), StringComparison.Ordinal);
        Assert.Contains("No model 'resnet'", await Problem(HttpStatusCode.NotFound, $"{V2}/models/resnet/infer", wrongShape), StringComparison.Ordinal);
        Assert.Contains("no version 9", await Problem(HttpStatusCode.NotFound, $"{V2}/models/mnist/versions/9/infer", wrongShape), StringComparison.Ordinal);
        Assert.Contains("\"inputs\" array", await Problem(HttpStatusCode.BadRequest, $"{V2}/models/mnist/infer", new { data = 1 }), StringComparison.Ordinal);

        // The repository extension is for data stewards.
        using var forbidden = await researcher.PostAsync($"{V2}/repository/index", new { });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var steward = await platform.SessionAsync(DemoUsers.DataSteward);
        var index = await ApiSession.OkAsync(steward.PostAsync($"{V2}/repository/index", new { }));
        Assert.Contains(index.AsArray(), entry => entry!["name"]!.GetValue<string>() == "chest-opacity" && entry["state"]!.GetValue<string>() == "READY");
    }

    [Fact]
    public async Task A_chest_radiograph_study_gets_findings_from_the_matching_model_a_preview_and_a_structured_report()
    {
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        var study = SyntheticStudies.ChestRadiograph("2.25.4242", 4242, new DateOnly(2024, 3, 1), "ACC4242", opacity: true);

        var analysis = await ApiSession.OkAsync(researcher.SendAsync(HttpMethod.Post, "/api/imaging/studies", null, message => message.Content = Upload(("thorax.dcm", study))));
        var instance = analysis["instances"]![0]!;
        Assert.Equal(("DX", "CHEST", "2.25.4242"), (instance["modality"]!.GetValue<string>(), instance["bodyPartExamined"]!.GetValue<string>(), instance["studyInstanceUid"]!.GetValue<string>()));
        var run = Assert.Single(analysis["runs"]!.AsArray())!;
        Assert.Equal(("chest-opacity", "1", "CPUExecutionProvider"), (run["model"]!.GetValue<string>(), run["version"]!.GetValue<string>(), run["provider"]!.GetValue<string>()));
        Assert.True(run["findings"]![0]!["positive"]!.GetValue<bool>());
        Assert.Contains("mnist", analysis["modelsNotMatched"]!.AsArray().Select(m => m!.GetValue<string>()));
        var png = Convert.FromBase64String(analysis["previewPng"]!.GetValue<string>());
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);

        var report = DicomFile.Read(new MemoryStream(Convert.FromBase64String(analysis["structuredReport"]!.GetValue<string>())));
        Assert.Equal(("SR", "UNVERIFIED", "2.25.4242"), (report.Dataset.GetString(DicomTag.Modality), report.Dataset.GetString(new DicomTag(0x0040, 0xA493)), report.Dataset.GetString(DicomTag.StudyInstanceUid)));

        using var srResponse = await researcher.SendAsync(HttpMethod.Post, "/api/imaging/studies", null, message =>
        {
            message.Content = Upload(("thorax.dcm", study));
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/dicom"));
        });
        Assert.Equal(HttpStatusCode.OK, srResponse.StatusCode);
        Assert.Equal("application/dicom", srResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal("SR", DicomFile.Read(await srResponse.Content.ReadAsStreamAsync()).Dataset.GetString(DicomTag.Modality));
    }

    [Theory]
    [InlineData("notes.txt", HttpStatusCode.BadRequest, "")]
    [InlineData("MR_truncated.dcm", HttpStatusCode.BadRequest, "MR_truncated.dcm")]
    [InlineData("MR_small_jpeg_ls_lossless.dcm", HttpStatusCode.UnsupportedMediaType, "JPEG-LS Lossless")]
    [InlineData("JPEG2000.dcm", HttpStatusCode.UnsupportedMediaType, "JPEG 2000")]
    public async Task A_file_that_is_not_readable_DICOM_is_refused_with_the_reason(string file, HttpStatusCode status, string named)
    {
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        var bytes = file.EndsWith(".dcm", StringComparison.Ordinal) ? File.ReadAllBytes(Path.Combine(DataFolder, "dicom", file)) : Encoding.UTF8.GetBytes("Compte rendu, pas une image.");

        using var response = await researcher.SendAsync(HttpMethod.Post, "/api/imaging/studies", null, message => message.Content = Upload((file, bytes)));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(named, JsonNode.Parse(text)!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static MultipartFormDataContent Upload(params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
            form.Add(part, "files", name);
        }
        return form;
    }
}

/// <summary>Model runs over the warehouse's imaging studies for an approved project: IMAGE_FEATURE written, checked against the synthetic ground truth.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ImagingModelRunTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_project_runs_the_chest_model_over_the_warehouse_studies_into_IMAGE_FEATURE_and_a_rerun_replaces_rather_than_adds()
    {
        var projectId = await new GovernanceScenario(platform).ApprovedAsync("Chest radiographs", datasets: ["image_occurrence"]);
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        var runs = $"/api/imaging/projects/{projectId}/runs";
        using (var unknown = await researcher.PostAsync(runs, new { model = "resnet" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.Contains("model", JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["errors"]!.AsObject().Select(e => e.Key));
        }
        var submitted = await ApiSession.OkAsync(researcher.PostAsync(runs, new { model = "chest-opacity" }));
        var job = await CohortServiceTests.WaitForStatusAsync(researcher, $"{runs}/{submitted["id"]}", TimeSpan.FromSeconds(180), "succeeded", "failed");
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());

        await using var omop = await platform.OmopDataSourceAsync();
        var chest = await Sql.CountAsync(omop, "SELECT count(*) FROM cdm.image_occurrence WHERE local_path LIKE 'synthetic/chest-xray/%'");
        var all = await Sql.CountAsync(omop, "SELECT count(*) FROM cdm.image_occurrence");
        var result = job["result"]!;
        Assert.True(chest > 10, $"{chest} chest radiographs in the synthetic hospital");
        Assert.Equal((all, chest, all - chest, 0L), (result["studies"]!.GetValue<long>(), result["analysed"]!.GetValue<long>(), result["notMatching"]!.GetValue<long>(), result["unreadable"]!.GetValue<long>()));
        Assert.Equal(chest, await Sql.CountAsync(omop, "SELECT count(*) FROM cdm.image_feature WHERE alg_system = 'chest-opacity 1'"));

        // Each finding against the synthetic ground truth (one chest radiograph in three has an opacity, by its UID's hash).
        var found = new List<(bool Truth, bool Positive)>();
        await using (var command = omop.CreateCommand("""
            SELECT i.image_study_uid, m.value_as_concept_id = 4181412, m.value_as_number
            FROM cdm.image_feature f JOIN cdm.image_occurrence i USING (image_occurrence_id) JOIN cdm.measurement m ON m.measurement_id = f.image_feature_event_id
            WHERE f.alg_system = 'chest-opacity 1'
            """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var truth = System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes(reader.GetString(0)))[0] % 3 == 0;
                Assert.InRange(reader.GetDouble(2), 0, 1);
                found.Add((truth, reader.GetBoolean(1)));
            }
        }
        var truePositives = found.Count(f => f.Truth && f.Positive);
        Assert.True(truePositives >= 0.95 * found.Count(f => f.Truth) && truePositives >= 0.95 * found.Count(f => f.Positive),
            $"{truePositives} true positives, {found.Count(f => f.Positive)} positives, {found.Count(f => f.Truth)} opacities");

        var again = await ApiSession.OkAsync(researcher.PostAsync(runs, new { model = "chest-opacity", version = 1 }));
        Assert.Equal("succeeded", (await CohortServiceTests.WaitForStatusAsync(researcher, $"{runs}/{again["id"]}", TimeSpan.FromSeconds(180), "succeeded", "failed"))["status"]!.GetValue<string>());
        Assert.Equal(chest, await Sql.CountAsync(omop, "SELECT count(*) FROM cdm.image_feature WHERE alg_system = 'chest-opacity 1'"));
        Assert.Equal(chest, await Sql.CountAsync(omop, "SELECT count(*) FROM cdm.measurement WHERE measurement_source_value LIKE 'chest-opacity 1:%'"));

        var members = await ApiSession.OkAsync(researcher.GetAsync($"{runs}/{submitted["id"]}/members?limit=1000"));
        Assert.All(members["persons"]!.AsArray(), person => Assert.Matches("^[0-9a-f]{24}$", person!.GetValue<string>()));
        Assert.NotEmpty(members["persons"]!.AsArray());
    }

    [Fact]
    public async Task A_project_without_the_image_occurrence_grant_cannot_run_a_model_over_the_warehouse()
    {
        var projectId = await new GovernanceScenario(platform).ApprovedAsync("Notes only", datasets: ["note"]);
        var researcher = await platform.SessionAsync(DemoUsers.Researcher);
        using var refused = await researcher.PostAsync($"/api/imaging/projects/{projectId}/runs", new { model = "chest-opacity" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
