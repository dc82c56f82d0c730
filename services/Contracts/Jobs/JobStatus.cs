namespace EdsPlatform.Jobs.Contracts;

public enum JobStatus { Queued, Running, Cancelling, Succeeded, Failed, Cancelled }

public static class JobStatuses
{
    /// <summary>Whether the job will not change any more.</summary>
    public static bool IsOver(this JobStatus status) => status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled;
}
