using Amazon.Runtime;
using Amazon.S3;

namespace UserDataFeed.Adapters.S3;

/// <summary>S3 clients set up for S3-compatible stores: path-style, and checksums only where required (RGW refuses the SDK's streaming trailers).</summary>
public static class S3ClientFactory
{
    public static AmazonS3Client Create(string serviceUrl, string region, string accessKey, string secretKey) =>
        new(new BasicAWSCredentials(accessKey, secretKey), new AmazonS3Config
        {
            ServiceURL = serviceUrl,
            AuthenticationRegion = region,
            ForcePathStyle = true,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
}
