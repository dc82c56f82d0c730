namespace EdsPlatform.Postgres;

/// <summary>Logins of the warehouse database that several services know by name.</summary>
public static class WarehouseRoles
{
    /// <summary>Read-only (SELECT grants, read-only transactions): created by the warehouse, used by every data service to read patient data.</summary>
    public const string Reader = "omop_reader";
}
