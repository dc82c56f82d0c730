namespace EdsPlatform.Governance;

/// <summary>Section "Governance": the committee, the audit key and what may be requested.</summary>
public sealed class GovernanceOptions
{
    public const string SectionName = "Governance";

    public CommitteeOptions Committee { get; set; } = new();

    /// <summary>The HMAC key of the audit chain (the AppHost generates it); without it nobody can re-forge the chain from the database alone.</summary>
    public string? AuditKey { get; set; }

    /// <summary>How often grants that reached their end are marked expired (and announced). Doors also compare the end themselves.</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The warehouse tables a project may request (patient-level OMOP tables).</summary>
    public List<string> Datasets { get; set; } = [];
}

public sealed class CommitteeOptions
{
    /// <summary>E-mail addresses of the members; each also needs the committee-member role.</summary>
    public List<string> Members { get; set; } = [];

    public int ApprovalsRequired { get; set; } = 2;

    public bool AnyRejectBlocks { get; set; } = true;
}
