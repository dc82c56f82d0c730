using EdsPlatform.Contracts;

namespace EdsPlatform.DataAccess;

/// <summary>
/// The platform's disclosure rule for counts of patients (DataAccess:SmallCellThreshold, 10 by default): counts from
/// 1 to threshold - 1 are shown as "&lt;threshold" to everyone; 0 stays 0.
/// </summary>
public sealed class SmallCellSuppression(int threshold)
{
    public ShownCount Show(long count) => count > 0 && count < threshold
        ? new ShownCount(null, $"<{threshold}")
        : new ShownCount(count, count.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
