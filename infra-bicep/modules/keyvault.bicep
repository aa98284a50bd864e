// The Key Vault (Azure RBAC authorization, no access policies) holding the service's secrets.
// The app reads them through Key Vault references in its app settings, with its managed identity.

@description('Azure region.')
param location string

@description('Name of the vault (3-24 letters, digits and dashes).')
@minLength(3)
@maxLength(24)
param vaultName string

@description('Keep deleted vaults and secrets recoverable and unpurgeable for the retention period (cannot be turned off again).')
param enablePurgeProtection bool

@description('Days a deleted vault or secret stays recoverable.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@description('The operator\'s bearer token (Auth:OperatorKey).')
@secure()
param operatorKey string

@description('Access key of the service\'s S3 user (S3:AccessKey).')
@secure()
param s3AccessKey string

@description('Secret key of the service\'s S3 user (S3:SecretKey).')
@secure()
param s3SecretKey string

@description('Access key of the RGW admin-ops user (S3:Rgw:AdminAccessKey).')
@secure()
param rgwAdminAccessKey string

@description('Secret key of the RGW admin-ops user (S3:Rgw:AdminSecretKey).')
@secure()
param rgwAdminSecretKey string

param tags object

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

// One resource per secret; the app settings' Key Vault references point at these names.
resource operatorKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'operator-key'
  properties: {
    value: operatorKey
    contentType: 'text/plain'
  }
}

resource s3AccessKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 's3-access-key'
  properties: {
    value: s3AccessKey
    contentType: 'text/plain'
  }
}

resource s3SecretKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 's3-secret-key'
  properties: {
    value: s3SecretKey
    contentType: 'text/plain'
  }
}

resource rgwAdminAccessKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'rgw-admin-access-key'
  properties: {
    value: rgwAdminAccessKey
    contentType: 'text/plain'
  }
}

resource rgwAdminSecretKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'rgw-admin-secret-key'
  properties: {
    value: rgwAdminSecretKey
    contentType: 'text/plain'
  }
}

output vaultName string = vault.name
// Versionless secret URIs: a reference resolves to the latest version, so rotating a secret needs no
// redeployment (the platform re-reads references periodically, or at once on a restart).
output operatorKeyUri string = operatorKeySecret.properties.secretUri
output s3AccessKeyUri string = s3AccessKeySecret.properties.secretUri
output s3SecretKeyUri string = s3SecretKeySecret.properties.secretUri
output rgwAdminAccessKeyUri string = rgwAdminAccessKeySecret.properties.secretUri
output rgwAdminSecretKeyUri string = rgwAdminSecretKeySecret.properties.secretUri
