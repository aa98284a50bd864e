// Production. Secrets are read from the environment of the shell that deploys (UDF_OPERATOR_KEY,
// UDF_S3_ACCESS_KEY, UDF_S3_SECRET_KEY, UDF_RGW_ADMIN_ACCESS_KEY, UDF_RGW_ADMIN_SECRET_KEY), or given
// on the command line (-p operatorKey=...); an empty one fails the deployment. See docs/operations.md.
using '../main.bicep'

param environmentName = 'prod'
param alertEmail = readEnvironmentVariable('UDF_ALERT_EMAIL')
param s3ServiceUrl = readEnvironmentVariable('UDF_S3_SERVICE_URL')
param s3PublicUrl = readEnvironmentVariable('UDF_S3_PUBLIC_URL', '')
param s3Region = 'us-east-1'
param tablesPrefix = 'udf'

param operatorKey = readEnvironmentVariable('UDF_OPERATOR_KEY')
param s3AccessKey = readEnvironmentVariable('UDF_S3_ACCESS_KEY')
param s3SecretKey = readEnvironmentVariable('UDF_S3_SECRET_KEY')
param rgwAdminAccessKey = readEnvironmentVariable('UDF_RGW_ADMIN_ACCESS_KEY')
param rgwAdminSecretKey = readEnvironmentVariable('UDF_RGW_ADMIN_SECRET_KEY')

param maximumInstanceCount = 40
param instanceMemoryMB = 2048
param storageSku = 'Standard_ZRS'
param logRetentionInDays = 90
param keyVaultPurgeProtection = true
param heldImportHours = 24
param exceptionThreshold = 20
