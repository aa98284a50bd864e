// UserDataFeed in one resource group: a Function App on the Flex Consumption plan (Linux, .NET
// isolated worker) running as a user-assigned managed identity; a storage account (tables, the work
// queue, the deployment container) with shared-key access off; Log Analytics + workspace-based
// Application Insights; a Key Vault (RBAC) holding the operator key and the S3/RGW credentials, read
// through Key Vault references; the identity's role assignments; and the alert rules with one
// action group. No account key or connection string is used anywhere.
//
//   az deployment group create -g <rg> -f infra-bicep/main.bicep -p infra-bicep/env/prod.bicepparam
//
// See docs/operations.md.

targetScope = 'resourceGroup'

@description('Environment name, part of every resource name.')
@allowed([
  'dev'
  'prod'
])
param environmentName string

@description('Azure region (one that offers Flex Consumption).')
param location string = resourceGroup().location

@description('Short lower-case name of the deployment, part of every resource name.')
@minLength(2)
@maxLength(6)
param baseName string = 'udf'

@description('Where alerts are e-mailed.')
param alertEmail string

// --- the service's settings (see the README's configuration table) ---

@description('S3:ServiceUrl: the S3 (Ceph RGW) endpoint the service uses.')
param s3ServiceUrl string

@description('S3:PublicUrl: the endpoint handed to IT teams; empty for S3:ServiceUrl.')
param s3PublicUrl string = ''

@description('S3:Region: the S3 signing region.')
param s3Region string = 'us-east-1'

@description('Tables:Prefix: prefix of every table name.')
param tablesPrefix string = 'udf'

@description('Queues:Name: the work queue.')
@minLength(3)
@maxLength(63)
param workQueueName string = 'udf-work'

@description('Feed:WorkBudget: the longest one invocation works before it hands the rest back to the queue.')
param feedWorkBudget string = '00:04:00'

@description('Feed:MaxDequeues: dequeues of a work message before it is moved to the poison queue.')
@minValue(1)
@maxValue(100)
param feedMaxDequeues int = 5

// --- secrets: stored in Key Vault, never in app settings ---

@description('Auth:OperatorKey: the operator\'s bearer token (at least 24 characters).')
@secure()
@minLength(24)
param operatorKey string

@description('S3:AccessKey: access key of the service\'s S3 user.')
@secure()
@minLength(1)
param s3AccessKey string

@description('S3:SecretKey: secret key of the service\'s S3 user.')
@secure()
@minLength(1)
param s3SecretKey string

@description('S3:Rgw:AdminAccessKey: access key of the RGW admin-ops user (users=* caps).')
@secure()
@minLength(1)
param rgwAdminAccessKey string

@description('S3:Rgw:AdminSecretKey: secret key of the RGW admin-ops user.')
@secure()
@minLength(1)
param rgwAdminSecretKey string

// --- sizing and retention ---

@description('dotnet-isolated version on Flex Consumption.')
param runtimeVersion string = '10.0'

@description('Instance memory (MB) of the Flex Consumption plan.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Storage redundancy.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

@description('Days Log Analytics keeps data.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Application Insights accepts Entra ID-authenticated telemetry only. Leave false until the worker\'s exporter authenticates (docs/operations.md).')
param appInsightsDisableLocalAuth bool = false

@description('Key Vault purge protection (cannot be turned off once on).')
param keyVaultPurgeProtection bool = false

@description('Hours an import may stay held for approval before it is alerted on.')
@minValue(1)
@maxValue(46)
param heldImportHours int = 24

@description('Exceptions within 15 minutes that count as a spike.')
@minValue(1)
param exceptionThreshold int = 20

param tags object = {
  application: 'UserDataFeed'
  environment: environmentName
}

var token = uniqueString(resourceGroup().id, environmentName)
var prefix = '${baseName}-${environmentName}'
var names = {
  identity: 'id-${prefix}'
  storage: take('st${baseName}${environmentName}${token}', 24)
  vault: 'kv-${prefix}-${take(token, 8)}'
  workspace: 'log-${prefix}'
  appInsights: 'appi-${prefix}'
  plan: 'plan-${prefix}'
  app: 'func-${prefix}-${take(token, 8)}'
}
var deploymentContainerName = 'app-package'
var hostContainerNames = [
  'azure-webjobs-hosts'
  'azure-webjobs-secrets'
]

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: names.identity
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    retentionInDays: logRetentionInDays
    disableLocalAuth: appInsightsDisableLocalAuth
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    accountName: names.storage
    deploymentContainerName: deploymentContainerName
    hostContainerNames: hostContainerNames
    workQueueName: workQueueName
    skuName: storageSku
    tags: tags
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    vaultName: names.vault
    enablePurgeProtection: keyVaultPurgeProtection
    softDeleteRetentionInDays: 90
    operatorKey: operatorKey
    s3AccessKey: s3AccessKey
    s3SecretKey: s3SecretKey
    rgwAdminAccessKey: rgwAdminAccessKey
    rgwAdminSecretKey: rgwAdminSecretKey
    tags: tags
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    identityId: identity.id
    principalId: identity.properties.principalId
    storageAccountName: names.storage
    deploymentContainerName: deploymentContainerName
    hostContainerNames: hostContainerNames
    vaultName: names.vault
    appInsightsName: names.appInsights
  }
  // Names are passed (not outputs), so What-If can predict the assignments; hence the explicit order.
  dependsOn: [
    storage
    vault
    monitoring
  ]
}

module app 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    planName: names.plan
    appName: names.app
    identityId: identity.id
    identityClientId: identity.properties.clientId
    storageAccountName: storage.outputs.accountName
    blobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    runtimeVersion: runtimeVersion
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    tablesPrefix: tablesPrefix
    workQueueName: storage.outputs.workQueueName
    s3ServiceUrl: s3ServiceUrl
    s3PublicUrl: s3PublicUrl
    s3Region: s3Region
    feedWorkBudget: feedWorkBudget
    feedMaxDequeues: feedMaxDequeues
    secretUris: {
      operatorKey: vault.outputs.operatorKeyUri
      s3AccessKey: vault.outputs.s3AccessKeyUri
      s3SecretKey: vault.outputs.s3SecretKeyUri
      rgwAdminAccessKey: vault.outputs.rgwAdminAccessKeyUri
      rgwAdminSecretKey: vault.outputs.rgwAdminSecretKeyUri
    }
    tags: tags
  }
  // The host starts as soon as the app exists: its identity must already reach storage and the vault.
  dependsOn: [
    roles
  ]
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    location: location
    namePrefix: prefix
    workspaceId: monitoring.outputs.workspaceId
    alertEmail: alertEmail
    heldImportHours: heldImportHours
    exceptionThreshold: exceptionThreshold
    tags: tags
  }
}

output functionAppName string = app.outputs.appName
output functionAppHostName string = app.outputs.defaultHostName
output storageAccountName string = storage.outputs.accountName
output keyVaultName string = vault.outputs.vaultName
output appInsightsName string = monitoring.outputs.appInsightsName
output identityClientId string = identity.properties.clientId
output alertRuleNames string[] = alerts.outputs.ruleNames
