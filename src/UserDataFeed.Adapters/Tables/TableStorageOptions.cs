using System.ComponentModel.DataAnnotations;

namespace UserDataFeed.Adapters.Tables;

/// <summary>Settings section <c>Tables</c>: where the tables are, reached with a managed identity or a connection string.</summary>
public sealed class TableStorageOptions : IValidatableObject
{
    public const string Section = "Tables";

    /// <summary>A Table Storage connection string (Azurite's or an account's); used when <see cref="ServiceUri"/> is not set.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// The account's table endpoint, e.g. <c>https://myaccount.table.core.windows.net</c>, reached with
    /// <c>DefaultAzureCredential</c> (in Azure: the app's managed identity, chosen by <c>AZURE_CLIENT_ID</c>).
    /// Takes precedence over <see cref="ConnectionString"/>.
    /// </summary>
    public string ServiceUri { get; set; } = "";

    /// <summary>Prefix of every table name, so several deployments (or test runs) can share an account.</summary>
    [RegularExpression(@"\A[A-Za-z][A-Za-z0-9]{0,39}\z", ErrorMessage = "Tables:Prefix must start with a letter and hold only letters and digits (at most 40).")]
    public string Prefix { get; set; } = "udf";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        StoreEndpoint.Problems(Section, "table", ServiceUri, ConnectionString, "the Azure Table Storage (or Azurite) connection string");
}
