using System.ComponentModel.DataAnnotations;

namespace UserDataFeed.Adapters.S3;

/// <summary>Settings section <c>S3</c>: the object store holding the tenants' feed buckets.</summary>
public sealed class S3Options
{
    public const string Section = "S3";

    /// <summary>The store's endpoint as the service reaches it.</summary>
    [Required(ErrorMessage = "S3:ServiceUrl is required: the S3 endpoint the service uses, e.g. http://127.0.0.1:7480.")]
    [Url(ErrorMessage = "S3:ServiceUrl must be an absolute http(s) URL.")]
    public string ServiceUrl { get; set; } = "";

    /// <summary>The endpoint handed to IT teams with their keys; defaults to <see cref="ServiceUrl"/>.</summary>
    public string? PublicUrl { get; set; }

    [Required]
    public string Region { get; set; } = "us-east-1";

    /// <summary>The service's own data user: owns every tenant bucket. Not an admin or system user.</summary>
    [Required(ErrorMessage = "S3:AccessKey is required: the access key of the service's S3 user.")]
    public string AccessKey { get; set; } = "";

    [Required(ErrorMessage = "S3:SecretKey is required: the secret key of the service's S3 user.")]
    public string SecretKey { get; set; } = "";

    /// <summary>Bucket name = prefix + tenant id.</summary>
    [RegularExpression(@"\A[a-z0-9][a-z0-9-]{0,20}\z", ErrorMessage = "S3:BucketPrefix must be lower-case letters, digits and '-' (at most 21).")]
    public string BucketPrefix { get; set; } = "udf-";

    /// <summary>Which key issuer to use. Supported: <c>rgw</c> (Ceph RADOS Gateway Admin Ops API).</summary>
    [RegularExpression(@"\Argw\z", ErrorMessage = "S3:Provider must be 'rgw' (the only key issuer so far).")]
    public string Provider { get; set; } = "rgw";

    [Required]
    public RgwOptions Rgw { get; set; } = new();

    public string EffectivePublicUrl => string.IsNullOrEmpty(PublicUrl) ? ServiceUrl : PublicUrl;
}

/// <summary>Settings section <c>S3:Rgw</c>: the RADOS Gateway Admin Ops API that issues tenant keys.</summary>
public sealed class RgwOptions
{
    /// <summary>Admin API endpoint; defaults to <see cref="S3Options.ServiceUrl"/>.</summary>
    public string? AdminUrl { get; set; }

    /// <summary>Access key of an RGW user with <c>users=*</c> caps (not a system user).</summary>
    public string AdminAccessKey { get; set; } = "";

    public string AdminSecretKey { get; set; } = "";

    /// <summary>RGW uid of the service's data user (the owner of <see cref="S3Options.AccessKey"/>).</summary>
    public string ServiceUserId { get; set; } = "udf-service";

    /// <summary>RGW uid of a tenant's user = prefix + tenant id.</summary>
    public string TenantUserPrefix { get; set; } = "udf-t-";
}
