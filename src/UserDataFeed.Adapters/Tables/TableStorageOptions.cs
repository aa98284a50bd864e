using System.ComponentModel.DataAnnotations;

namespace UserDataFeed.Adapters.Tables;

/// <summary>Settings section <c>Tables</c>.</summary>
public sealed class TableStorageOptions
{
    public const string Section = "Tables";

    /// <summary>A Table Storage connection string (Azurite's or an account's).</summary>
    [Required(ErrorMessage = "Tables:ConnectionString is required: the Azure Table Storage (or Azurite) connection string.")]
    public string ConnectionString { get; set; } = "";

    /// <summary>Prefix of every table name, so several deployments (or test runs) can share an account.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,39}$", ErrorMessage = "Tables:Prefix must start with a letter and hold only letters and digits (at most 40).")]
    public string Prefix { get; set; } = "udf";
}
