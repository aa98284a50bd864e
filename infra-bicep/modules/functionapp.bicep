// The Function App on the Flex Consumption plan (Linux, .NET isolated worker), running as the
// user-assigned identity: host storage, tables, queue, Key Vault references and telemetry all
// authenticate with it. No account key or connection string appears in any setting.

@description('Azure region.')
param location string

param planName string
param appName string

@description('Resource id of the user-assigned managed identity the app runs as.')
param identityId string

@description('Client id of that identity (AzureWebJobsStorage__clientId, AZURE_CLIENT_ID, App Insights Entra ID auth).')
param identityClientId string

param storageAccountName string

@description('Blob endpoint of the storage account, with the trailing slash.')
param blobEndpoint string

param deploymentContainerName string

@description('Application Insights connection string (an ingestion endpoint and an instrumentation key, not a storage credential).')
param appInsightsConnectionString string

@description('Flex Consumption runtime version of dotnet-isolated.')
param runtimeVersion string

@description('Instance memory size (MB).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

// --- the service's settings (options classes; section__key) ---

@description('Tables:Prefix.')
param tablesPrefix string

@description('Queues:Name: the work queue.')
param workQueueName string

@description('S3:ServiceUrl.')
param s3ServiceUrl string

@description('S3:PublicUrl (S3:ServiceUrl when empty).')
param s3PublicUrl string

@description('S3:Region.')
param s3Region string

@description('Feed:WorkBudget.')
param feedWorkBudget string

@description('Feed:MaxDequeues.')
param feedMaxDequeues int

@description('Key Vault secret URIs (versionless) of the secrets, by setting.')
param secretUris {
  operatorKey: string
  s3AccessKey: string
  s3SecretKey: string
  rgwAdminAccessKey: string
  rgwAdminSecretKey: string
}

param tags object

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

var storageSuffix = environment().suffixes.storage

resource app 'Microsoft.Web/sites@2024-11-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with this identity (there is no system-assigned one).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: [
        // The Functions host. Flex Consumption takes the worker runtime and its version from
        // functionAppConfig.runtime and refuses FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION.
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        // DefaultAzureCredential (Azure.Identity) picks the user-assigned identity by this client id.
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        // The service (TableStorageOptions, queue options, S3Options, AuthOptions, FeedOptions).
        { name: 'AzureWebJobsDisableHomepage', value: 'true' } // the admin page has the site root
        { name: 'Tables__ServiceUri', value: 'https://${storageAccountName}.table.${storageSuffix}' }
        { name: 'Tables__Prefix', value: tablesPrefix }
        { name: 'Queues__ServiceUri', value: 'https://${storageAccountName}.queue.${storageSuffix}' }
        { name: 'Queues__Name', value: workQueueName }
        { name: 'S3__ServiceUrl', value: s3ServiceUrl }
        { name: 'S3__PublicUrl', value: empty(s3PublicUrl) ? s3ServiceUrl : s3PublicUrl }
        { name: 'S3__Region', value: s3Region }
        { name: 'S3__AccessKey', value: '@Microsoft.KeyVault(SecretUri=${secretUris.s3AccessKey})' }
        { name: 'S3__SecretKey', value: '@Microsoft.KeyVault(SecretUri=${secretUris.s3SecretKey})' }
        { name: 'S3__Rgw__AdminAccessKey', value: '@Microsoft.KeyVault(SecretUri=${secretUris.rgwAdminAccessKey})' }
        { name: 'S3__Rgw__AdminSecretKey', value: '@Microsoft.KeyVault(SecretUri=${secretUris.rgwAdminSecretKey})' }
        { name: 'Auth__OperatorKey', value: '@Microsoft.KeyVault(SecretUri=${secretUris.operatorKey})' }
        { name: 'Feed__WorkBudget', value: feedWorkBudget }
        { name: 'Feed__MaxDequeues', value: string(feedMaxDequeues) }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: runtimeVersion
      }
    }
  }
}

// No publishing with user names and passwords: deployments authenticate with Entra ID.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

output appName string = app.name
output defaultHostName string = app.properties.defaultHostName
