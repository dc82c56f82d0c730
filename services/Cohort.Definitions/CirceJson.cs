using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdsPlatform.Cohort.Definitions;

/// <summary>
/// What a definition may ask for: enough for any real cohort, little enough that a job cannot overflow an
/// integer or keep a worker busy for ever. Checked when a definition is read, so a job is refused at submission.
/// </summary>
public static class DefinitionLimits
{
    public const int MaxConceptSets = 200;
    public const int MaxConceptSetItems = 5_000;
    /// <summary>Primary and censoring criteria, and the criteria, demographics and groups of one group.</summary>
    public const int MaxCriteria = 50;
    public const int MaxInclusionRules = 30;
    public const int MaxGroupDepth = 10;
    /// <summary>Occurrence counts and n-among-m counts.</summary>
    public const int MaxCount = 1_000;
    /// <summary>Windows, observation windows, offsets, gaps and era pads: about 270 years.</summary>
    public const int MaxDays = 99_999;
    public const int MaxTextLength = 1_000;
}

/// <summary>
/// Reads and writes ATLAS/Circe cohort expression JSON for the subset in <see cref="CohortDefinition"/>.
/// Reading is strict: an element outside the subset, or a value it cannot honour, is refused with its JSON
/// path, never ignored (empty values, false flags and metadata such as cdmVersionRange are accepted).
/// </summary>
public static class CirceJson
{
    /// <param name="draft">
    /// A definition still being built: no entry event yet is allowed (it cannot run, but the builder keeps it).
    /// </param>
    public static CohortDefinition Read(string json, bool draft = false)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException invalid)
        {
            throw new UnsupportedCohortElementException("$", "not valid JSON (" + invalid.Message + ")");
        }
        var expression = new Reader(root as JsonObject ?? throw new UnsupportedCohortElementException("$", "a cohort expression is a JSON object"), "$");
        // The notice this platform adds to exports using its extensions is informative: the criteria themselves say it all.
        expression.Ignore("cdmVersionRange", "Title", PlatformExtensionsKey);
        var conceptSets = expression.Array("ConceptSets", DefinitionLimits.MaxConceptSets).Select(item => ReadConceptSet(item)).ToList();
        var primary = ReadPrimary(draft ? expression.Object("PrimaryCriteria") : expression.Required("PrimaryCriteria"), draft);
        var qualifiedLimit = ReadLimit(expression.Object("QualifiedLimit"));
        var rules = expression.Array("InclusionRules", DefinitionLimits.MaxInclusionRules).Select(rule =>
        {
            var name = rule.String("name") ?? "";
            rule.Ignore("description");
            return new InclusionRule(name, ReadGroup(rule.Required("expression"), depth: 1));
        }).ToList();
        var expressionLimit = ReadLimit(expression.Object("ExpressionLimit"));
        var end = ReadEndStrategy(expression.Object("EndStrategy"));
        var censoring = expression.Array("CensoringCriteria", DefinitionLimits.MaxCriteria).Select(ReadCriterion).ToList();
        var eraPad = 0;
        if (expression.Object("CollapseSettings") is { } collapse)
        {
            var type = collapse.String("CollapseType") ?? "ERA";
            if (!type.Equals("ERA", StringComparison.OrdinalIgnoreCase))
            {
                throw new UnsupportedCohortElementException(collapse.Path + ".CollapseType", $"'{type}'");
            }
            eraPad = collapse.Days("EraPad") ?? 0;
            collapse.Done();
        }
        DateOnly? censorStart = null, censorEnd = null;
        if (expression.Object("CensorWindow") is { } window)
        {
            censorStart = window.Date("StartDate");
            censorEnd = window.Date("EndDate");
            window.Done();
        }
        expression.Done();
        var definition = new CohortDefinition(conceptSets, primary, qualifiedLimit, rules, expressionLimit, end, censoring, eraPad, censorStart, censorEnd);
        ValidateCodesets(definition);
        return definition;
    }

    /// <summary>Where an export names the platform's extensions it uses: ATLAS would refuse the unknown criterion without saying why.</summary>
    public const string PlatformExtensionsKey = "EdsPlatformExtensions";

    private const string PlatformExtensionsNotice =
        "NoteNlp criteria (a concept mentioned in a note, from OMOP NOTE_NLP, TermExists Y = affirmed) are an EDS Platform extension: "
        + "ATLAS and Circe do not know them and will not import this definition as is.";

    /// <summary>The definition as Circe JSON, as ATLAS imports it (with a notice when it uses this platform's extensions).</summary>
    public static string Write(CohortDefinition definition)
    {
        var root = new JsonObject
        {
            ["ConceptSets"] = new JsonArray([.. definition.ConceptSets.Select(set => (JsonNode)new JsonObject
            {
                ["id"] = set.Id,
                ["name"] = set.Name,
                ["expression"] = new JsonObject
                {
                    ["items"] = new JsonArray([.. set.Items.Select(item => (JsonNode)new JsonObject
                    {
                        ["concept"] = new JsonObject { ["CONCEPT_ID"] = item.ConceptId, ["CONCEPT_NAME"] = item.ConceptName },
                        ["isExcluded"] = item.IsExcluded,
                        ["includeDescendants"] = item.IncludeDescendants,
                        ["includeMapped"] = item.IncludeMapped,
                    })]),
                },
            })]),
            ["PrimaryCriteria"] = new JsonObject
            {
                ["CriteriaList"] = new JsonArray([.. definition.PrimaryCriteria.Criteria.Select(WriteCriterion)]),
                ["ObservationWindow"] = new JsonObject { ["PriorDays"] = definition.PrimaryCriteria.PriorDays, ["PostDays"] = definition.PrimaryCriteria.PostDays },
                ["PrimaryCriteriaLimit"] = WriteLimit(definition.PrimaryCriteria.Limit),
            },
            ["QualifiedLimit"] = WriteLimit(definition.QualifiedLimit),
            ["ExpressionLimit"] = WriteLimit(definition.ExpressionLimit),
            ["InclusionRules"] = new JsonArray([.. definition.InclusionRules.Select(rule => (JsonNode)new JsonObject { ["name"] = rule.Name, ["expression"] = WriteGroup(rule.Expression) })]),
            ["CensoringCriteria"] = new JsonArray([.. definition.CensoringCriteria.Select(WriteCriterion)]),
            ["CollapseSettings"] = new JsonObject { ["CollapseType"] = "ERA", ["EraPad"] = definition.EraPad },
            ["CensorWindow"] = new JsonObject
            {
                ["StartDate"] = definition.CensorStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["EndDate"] = definition.CensorEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            },
        };
        if (WriteEndStrategy(definition.EndStrategy) is { } end)
        {
            root["EndStrategy"] = end;
        }
        if (definition.UsesPlatformExtensions)
        {
            root[PlatformExtensionsKey] = PlatformExtensionsNotice;
        }
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject? WriteEndStrategy(EndStrategy strategy) => strategy switch
    {
        DateOffset offset => new JsonObject { ["DateOffset"] = new JsonObject { ["DateField"] = offset.FromEndDate ? "EndDate" : "StartDate", ["Offset"] = offset.Offset } },
        ContinuousExposure era => new JsonObject
        {
            ["CustomEra"] = new JsonObject
            {
                ["DrugCodesetId"] = era.DrugCodesetId, ["GapDays"] = era.GapDays, ["Offset"] = era.Offset, ["DaysSupplyOverride"] = era.DaysSupplyOverride,
            },
        },
        _ => null,
    };

    private static JsonNode WriteCriterion(Criterion criterion)
    {
        var body = new JsonObject { ["CodesetId"] = criterion.CodesetId };
        if (criterion.FirstOccurrenceOnly)
        {
            body["First"] = true;
        }
        if (criterion.ValueAsNumber is { } value)
        {
            body["ValueAsNumber"] = WriteRange(value);
        }
        if (criterion.Measurement is { } measurement)
        {
            body["Unit"] = WriteConceptIds(measurement.UnitConceptIds);
            body["ValueAsConcept"] = WriteConceptIds(measurement.ValueConceptIds);
            body["RangeLow"] = measurement.RangeLow is { } low ? WriteRange(low) : null;
            body["RangeHigh"] = measurement.RangeHigh is { } high ? WriteRange(high) : null;
        }
        if (criterion.TermExists is { } termExists)
        {
            body["TermExists"] = termExists;
        }
        return new JsonObject { [criterion.Domain.ToString()] = body };
    }

    private static JsonObject WriteGroup(CriteriaGroup group) => new()
    {
        ["Type"] = group.Type switch { GroupType.All => "ALL", GroupType.Any => "ANY", GroupType.AtLeast => "AT_LEAST", _ => "AT_MOST" },
        ["Count"] = group.Count,
        ["CriteriaList"] = new JsonArray([.. group.Criteria.Select(c => (JsonNode)new JsonObject
        {
            ["Criteria"] = WriteCriterion(c.Criterion),
            ["StartWindow"] = WriteWindow(c.StartWindow),
            ["EndWindow"] = c.EndWindow is { } end ? WriteWindow(end) : null,
            ["Occurrence"] = new JsonObject { ["Type"] = (int)c.Occurrence.Type, ["Count"] = c.Occurrence.Count, ["IsDistinct"] = c.Occurrence.IsDistinct },
            ["RestrictVisit"] = c.RestrictVisit,
            ["IgnoreObservationPeriod"] = c.IgnoreObservationPeriod,
        })]),
        ["DemographicCriteriaList"] = new JsonArray([.. group.Demographics.Select(d => (JsonNode)new JsonObject
        {
            ["Age"] = d.Age is { } age ? WriteRange(age) : null,
            ["Gender"] = WriteConceptIds(d.GenderConceptIds),
        })]),
        ["Groups"] = new JsonArray([.. group.Groups.Select(g => (JsonNode)WriteGroup(g))]),
    };

    private static JsonObject WriteWindow(Window window) => new()
    {
        ["Start"] = new JsonObject { ["Days"] = window.StartDays, ["Coeff"] = window.StartCoeff },
        ["End"] = new JsonObject { ["Days"] = window.EndDays, ["Coeff"] = window.EndCoeff },
        ["UseIndexEnd"] = window.UseIndexEnd,
        ["UseEventEnd"] = window.UseEventEnd,
    };

    private static JsonObject WriteRange(NumericRange range) => new()
    {
        ["Value"] = range.Value,
        ["Op"] = range.Op switch
        {
            RangeOp.Lt => "lt", RangeOp.Lte => "lte", RangeOp.Eq => "eq", RangeOp.Neq => "!eq",
            RangeOp.Gt => "gt", RangeOp.Gte => "gte", RangeOp.Bt => "bt", _ => "!bt",
        },
        ["Extent"] = range.Extent,
    };

    private static JsonObject WriteLimit(EventLimit limit) => new() { ["Type"] = limit.ToString() };

    private static ConceptSet ReadConceptSet(Reader set)
    {
        var id = set.Int("id", 0, int.MaxValue) ?? throw new UnsupportedCohortElementException(set.Path + ".id", "a concept set has an id");
        var name = set.String("name") ?? "";
        var items = new List<ConceptSetItem>();
        if (set.Object("expression") is { } expression)
        {
            foreach (var item in expression.Array("items", DefinitionLimits.MaxConceptSetItems))
            {
                var concept = item.Required("concept");
                var conceptId = concept.Long("CONCEPT_ID") ?? throw new UnsupportedCohortElementException(concept.Path + ".CONCEPT_ID", "a concept has an id");
                var conceptName = concept.String("CONCEPT_NAME");
                concept.IgnoreRest(); // the vocabulary's other columns, copied by ATLAS for display
                items.Add(new ConceptSetItem(conceptId, conceptName, item.Bool("includeDescendants"), item.Bool("includeMapped"), item.Bool("isExcluded")));
                item.Done();
            }
            expression.Done();
        }
        set.Done();
        return new ConceptSet(id, name, items);
    }

    private static PrimaryCriteria ReadPrimary(Reader? primary, bool draft)
    {
        if (primary is null)
        {
            return new PrimaryCriteria([], 0, 0, EventLimit.First);
        }
        var criteria = primary.Array("CriteriaList", DefinitionLimits.MaxCriteria).Select(ReadCriterion).ToList();
        if (criteria.Count == 0 && !draft)
        {
            throw new UnsupportedCohortElementException(primary.Path + ".CriteriaList", "at least one primary criterion is needed");
        }
        int prior = 0, post = 0;
        if (primary.Object("ObservationWindow") is { } window)
        {
            prior = window.Days("PriorDays") ?? 0;
            post = window.Days("PostDays") ?? 0;
            window.Done();
        }
        var limit = ReadLimit(primary.Object("PrimaryCriteriaLimit"));
        primary.Done();
        return new PrimaryCriteria(criteria, prior, post, limit);
    }

    /// <summary>{"DrugEra": {"CodesetId": 0, "First": true}}: one domain key and its attributes.</summary>
    private static Criterion ReadCriterion(Reader wrapper)
    {
        var (domainName, body) = wrapper.Single();
        if (!Enum.TryParse<CriterionDomain>(domainName, ignoreCase: false, out var domain))
        {
            throw new UnsupportedCohortElementException($"{wrapper.Path}.{domainName}", "this criterion type is not supported");
        }
        var codesetId = body.Int("CodesetId");
        var first = body.Bool("First");
        NumericRange? value = null;
        MeasurementFilter? measurement = null;
        if (domain == CriterionDomain.Measurement)
        {
            value = body.Object("ValueAsNumber") is { } range ? ReadRange(range) : null;
            var filter = new MeasurementFilter(ReadConceptIds(body, "Unit"), ReadConceptIds(body, "ValueAsConcept"),
                body.Object("RangeLow") is { } low ? ReadRange(low) : null, body.Object("RangeHigh") is { } high ? ReadRange(high) : null);
            measurement = filter is { UnitConceptIds.Count: 0, ValueConceptIds.Count: 0, RangeLow: null, RangeHigh: null } ? null : filter;
        }
        string? termExists = null;
        if (domain == CriterionDomain.NoteNlp)
        {
            termExists = body.String("TermExists");
            if (termExists is not (null or "Y" or "N"))
            {
                throw new UnsupportedCohortElementException($"{wrapper.Path}.NoteNlp.TermExists", "Y (affirmed), N (not affirmed) or absent (either)");
            }
        }
        body.Done();
        return new Criterion(domain, codesetId, first, value, measurement, termExists);
    }

    private static CriteriaGroup ReadGroup(Reader group, int depth)
    {
        if (depth > DefinitionLimits.MaxGroupDepth)
        {
            throw new UnsupportedCohortElementException(group.Path, $"groups nest at most {DefinitionLimits.MaxGroupDepth} deep");
        }
        var typeName = group.String("Type") ?? "ALL";
        var type = typeName.ToUpperInvariant() switch
        {
            "ALL" => GroupType.All,
            "ANY" => GroupType.Any,
            "AT_LEAST" => GroupType.AtLeast,
            "AT_MOST" => GroupType.AtMost,
            _ => throw new UnsupportedCohortElementException(group.Path + ".Type", $"'{typeName}'"),
        };
        var count = group.Int("Count", 0, DefinitionLimits.MaxCount);
        if (type is GroupType.AtLeast or GroupType.AtMost && count is null)
        {
            throw new UnsupportedCohortElementException(group.Path + ".Count", $"{typeName} needs a count");
        }
        var criteria = group.Array("CriteriaList", DefinitionLimits.MaxCriteria).Select(ReadCorrelated).ToList();
        var demographics = group.Array("DemographicCriteriaList", DefinitionLimits.MaxCriteria).Select(ReadDemographic).ToList();
        var groups = group.Array("Groups", DefinitionLimits.MaxCriteria).Select(g => ReadGroup(g, depth + 1)).ToList();
        group.Done();
        return new CriteriaGroup(type, count, criteria, demographics, groups);
    }

    private static CorrelatedCriterion ReadCorrelated(Reader correlated)
    {
        var criterion = ReadCriterion(correlated.Required("Criteria"));
        var start = ReadWindow(correlated.Object("StartWindow")) ?? new Window(null, -1, null, 1, false, false);
        var end = ReadWindow(correlated.Object("EndWindow"));
        var occurrence = correlated.Required("Occurrence");
        var type = occurrence.Int("Type") ?? 2;
        if (type is < 0 or > 2)
        {
            throw new UnsupportedCohortElementException(occurrence.Path + ".Type", $"{type}");
        }
        var result = new CorrelatedCriterion(criterion, start, end,
            new Occurrence((OccurrenceType)type, occurrence.Int("Count", 0, DefinitionLimits.MaxCount) ?? 1, occurrence.Bool("IsDistinct")),
            correlated.Bool("RestrictVisit"), correlated.Bool("IgnoreObservationPeriod"));
        occurrence.Done();
        correlated.Done();
        return result;
    }

    private static Window? ReadWindow(Reader? window)
    {
        if (window is null)
        {
            return null;
        }
        var start = window.Required("Start");
        var end = window.Required("End");
        // Days count from the index date; the direction is the coefficient's (-1 before, 1 after), as in ATLAS.
        var result = new Window(start.Days("Days"), start.Coefficient("Coeff") ?? -1, end.Days("Days"), end.Coefficient("Coeff") ?? 1,
            window.Bool("UseIndexEnd"), window.Bool("UseEventEnd"));
        start.Done();
        end.Done();
        window.Done();
        return result;
    }

    private static DemographicCriterion ReadDemographic(Reader demographic)
    {
        var age = demographic.Object("Age") is { } range ? ReadRange(range) : null;
        var genders = ReadConceptIds(demographic, "Gender");
        demographic.Done();
        return new DemographicCriterion(age, genders);
    }

    /// <summary>A list of vocabulary concepts, as ATLAS copies them ([{"CONCEPT_ID": 8507, "CONCEPT_NAME": ...}]): their ids.</summary>
    private static List<long> ReadConceptIds(Reader owner, string name) => [.. owner.Array(name, DefinitionLimits.MaxConceptSetItems).Select(concept =>
    {
        var id = concept.Long("CONCEPT_ID") ?? throw new UnsupportedCohortElementException(concept.Path + ".CONCEPT_ID", "a concept has an id");
        concept.IgnoreRest();
        return id;
    })];

    private static JsonArray WriteConceptIds(IEnumerable<long> ids) => new([.. ids.Select(id => (JsonNode)new JsonObject { ["CONCEPT_ID"] = id })]);

    private static NumericRange ReadRange(Reader range)
    {
        var opName = range.String("Op") ?? "eq";
        var op = opName switch
        {
            "lt" => RangeOp.Lt, "lte" => RangeOp.Lte, "eq" => RangeOp.Eq, "!eq" => RangeOp.Neq,
            "gt" => RangeOp.Gt, "gte" => RangeOp.Gte, "bt" => RangeOp.Bt, "!bt" => RangeOp.NotBt,
            _ => throw new UnsupportedCohortElementException(range.Path + ".Op", $"'{opName}'"),
        };
        var value = range.Decimal("Value") ?? throw new UnsupportedCohortElementException(range.Path + ".Value", "a range has a value");
        var extent = range.Decimal("Extent");
        if (op is RangeOp.Bt or RangeOp.NotBt && extent is null)
        {
            throw new UnsupportedCohortElementException(range.Path + ".Extent", "a between range has an extent");
        }
        range.Done();
        return new NumericRange(op, value, extent);
    }

    private static EventLimit ReadLimit(Reader? limit)
    {
        if (limit is null)
        {
            return EventLimit.First;
        }
        var type = limit.String("Type") ?? "First";
        limit.Done();
        return type.ToUpperInvariant() switch
        {
            "FIRST" => EventLimit.First,
            "LAST" => EventLimit.Last,
            "ALL" => EventLimit.All,
            _ => throw new UnsupportedCohortElementException(limit.Path + ".Type", $"'{type}'"),
        };
    }

    private static EndStrategy ReadEndStrategy(Reader? end)
    {
        if (end is null || end.IsEmpty)
        {
            return EndStrategy.EndOfObservation;
        }
        var (name, body) = end.Single();
        EndStrategy strategy;
        switch (name)
        {
            case "DateOffset":
                var field = body.String("DateField") ?? "StartDate";
                if (field is not ("StartDate" or "EndDate"))
                {
                    throw new UnsupportedCohortElementException(body.Path + ".DateField", $"'{field}'");
                }
                strategy = new DateOffset(field == "EndDate", body.Int("Offset", -DefinitionLimits.MaxDays, DefinitionLimits.MaxDays) ?? 0);
                break;
            case "CustomEra":
                var drug = body.Int("DrugCodesetId") ?? throw new UnsupportedCohortElementException(body.Path + ".DrugCodesetId", "the drug's concept set is required");
                var gap = body.Days("GapDays") ?? 0;
                var daysSupply = body.Days("DaysSupplyOverride");
                strategy = new ContinuousExposure(drug, gap, body.Int("Offset", -DefinitionLimits.MaxDays, DefinitionLimits.MaxDays) ?? 0, daysSupply);
                break;
            default:
                throw new UnsupportedCohortElementException($"{end.Path}.{name}", "the end strategies are DateOffset and CustomEra");
        }
        body.Done();
        return strategy;
    }

    private static void ValidateCodesets(CohortDefinition definition)
    {
        if (definition.ConceptSets.GroupBy(c => c.Id).FirstOrDefault(ids => ids.Count() > 1) is { } duplicate)
        {
            throw new UnsupportedCohortElementException("$.ConceptSets", $"concept set id {duplicate.Key} is defined more than once");
        }
        var defined = definition.ConceptSets.Select(c => c.Id).ToHashSet();
        if (definition.ReferencedConceptSets().Where(id => !defined.Contains(id)).Select(id => (int?)id).FirstOrDefault() is { } missing)
        {
            throw new UnsupportedCohortElementException("$.ConceptSets", $"concept set {missing} is used but not defined");
        }
    }

    /// <summary>Walks one JSON object, remembering what was read, so that <see cref="Done"/> can refuse the rest.</summary>
    private sealed class Reader(JsonObject node, string path)
    {
        private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);

        public string Path => path;

        public bool IsEmpty => node.All(p => IsEmptyValue(p.Value));

        public void Ignore(params string[] names) => _read.UnionWith(names);

        public void IgnoreRest() => _read.UnionWith(node.Select(p => p.Key));

        public int? Int(string name) => Value(name) is { } value ? Number(value, name, v => v.GetValue<int>()) : null;

        /// <summary>An integer from <paramref name="min"/> to <paramref name="max"/>: values that would overflow or run for ever are refused here, not in the database.</summary>
        public int? Int(string name, int min, int max) => Int(name) is { } number && (number < min || number > max)
            ? throw new UnsupportedCohortElementException($"{path}.{name}", $"{number} is outside {min:N0} to {max:N0}")
            : Int(name);

        /// <summary>A number of days: 0 to <see cref="DefinitionLimits.MaxDays"/>.</summary>
        public int? Days(string name) => Int(name, 0, DefinitionLimits.MaxDays);

        /// <summary>A window's direction: -1 (before the index date) or 1 (after).</summary>
        public int? Coefficient(string name) => Int(name) is { } coefficient && coefficient is not (-1 or 1)
            ? throw new UnsupportedCohortElementException($"{path}.{name}", $"{coefficient} is neither -1 nor 1")
            : Int(name);

        public long? Long(string name) => Value(name) is { } value ? Number(value, name, v => v.GetValue<long>()) : null;

        public decimal? Decimal(string name) => Value(name) is { } value ? Number(value, name, v => v.GetValue<decimal>()) : null;

        public bool Bool(string name) => Value(name) is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag
            : Value(name) is null ? false : throw new UnsupportedCohortElementException($"{path}.{name}", "expected true or false");

        public string? String(string name) => Value(name) switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) && text.Length > DefinitionLimits.MaxTextLength =>
                throw new UnsupportedCohortElementException($"{path}.{name}", $"at most {DefinitionLimits.MaxTextLength:N0} characters"),
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => throw new UnsupportedCohortElementException($"{path}.{name}", "expected a string"),
        };

        public DateOnly? Date(string name) => String(name) is { } text
            ? DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
                : throw new UnsupportedCohortElementException($"{path}.{name}", $"'{text}' is not a yyyy-MM-dd date")
            : null;

        public Reader? Object(string name) => Value(name) switch
        {
            null => null,
            JsonObject child => new Reader(child, $"{path}.{name}"),
            _ => throw new UnsupportedCohortElementException($"{path}.{name}", "expected an object"),
        };

        public Reader Required(string name) => Object(name) ?? throw new UnsupportedCohortElementException($"{path}.{name}", "required");

        public IEnumerable<Reader> Array(string name, int maxItems) => Value(name) switch
        {
            null => [],
            JsonArray items when items.Count > maxItems => throw new UnsupportedCohortElementException($"{path}.{name}", $"at most {maxItems:N0} items"),
            JsonArray items => items.Select((item, i) => item as JsonObject is { } child
                ? new Reader(child, $"{path}.{name}[{i}]")
                : throw new UnsupportedCohortElementException($"{path}.{name}[{i}]", "expected an object")).ToList(),
            _ => throw new UnsupportedCohortElementException($"{path}.{name}", "expected an array"),
        };

        /// <summary>An object with exactly one property, such as {"DrugEra": {...}}.</summary>
        public (string Name, Reader Body) Single()
        {
            // {"Death": {}} is a criterion on every death: an empty body still names the type.
            var properties = node.Where(p => p.Value is JsonObject || !IsEmptyValue(p.Value)).ToList();
            if (properties.Count != 1 || properties[0].Value is not JsonObject body)
            {
                throw new UnsupportedCohortElementException(path, "expected one criterion type with its attributes");
            }
            IgnoreRest();
            return (properties[0].Key, new Reader(body, $"{path}.{properties[0].Key}"));
        }

        public void Done()
        {
            foreach (var (name, value) in node)
            {
                if (!_read.Contains(name) && !IsEmptyValue(value))
                {
                    throw new UnsupportedCohortElementException($"{path}.{name}", "not supported");
                }
            }
        }

        private JsonNode? Value(string name)
        {
            _read.Add(name);
            return node.FirstOrDefault(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
        }

        private T Number<T>(JsonNode value, string name, Func<JsonValue, T> read)
        {
            try
            {
                return read((JsonValue)value);
            }
            catch (Exception invalid) when (invalid is InvalidOperationException or FormatException or InvalidCastException)
            {
                throw new UnsupportedCohortElementException($"{path}.{name}", "expected a number");
            }
        }

        private static bool IsEmptyValue(JsonNode? value) => value switch
        {
            null => true,
            JsonArray array => array.Count == 0,
            JsonObject obj => obj.Count == 0,
            JsonValue scalar => scalar.TryGetValue<bool>(out var flag) && !flag,
            _ => false,
        };
    }
}
