// Every role the app's user-assigned identity holds, each on the narrowest scope that works.

@description('Resource id of the app\'s user-assigned managed identity (names the assignments, so they are known before deployment).')
param identityId string

@description('Principal (object) id of that identity.')
param principalId string

param storageAccountName string
param deploymentContainerName string

@description('The Functions host\'s blob containers (timer leases, host keys).')
param hostContainerNames string[]

param vaultName string
param appInsightsName string

// Built-in role definition ids, written out where they are used so the compiled template names them
// (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles):
//   Storage Table Data Contributor  0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3
//   Storage Queue Data Contributor  974c5e8b-45b9-4653-ba55-5f855dd0fb88
//   Storage Blob Data Owner         b7e6dc6d-f1e8-4753-8033-0f276bb0955b
//   Key Vault Secrets User          4633458b-17de-408a-b874-0445c86b69e6
//   Monitoring Metrics Publisher    3913510d-42f4-4e42-8a64-420c390055eb

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource deploymentContainer 'containers' existing = {
      name: deploymentContainerName
    }
  }
}

resource hostContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' existing = [
  for name in hostContainerNames: {
    parent: account::blobService
    name: name
  }
]

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: vaultName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// The service's tables (Tables:ServiceUri) and the Functions host's own table use.
resource tableData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account
  name: guid(account.id, identityId, '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
  }
}

// The work queue (Queues:ServiceUri, Queues:Name) and its poison queue.
resource queueData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account
  name: guid(account.id, identityId, '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
  }
}

// Flex Consumption reads the app package from this container with the app's identity.
resource deploymentBlobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account::blobService::deploymentContainer
  name: guid(account::blobService::deploymentContainer.id, identityId, 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
  }
}

// The Functions host keeps the timer's schedule and singleton leases, and its keys, in blobs.
resource hostBlobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for i in range(0, length(hostContainerNames)): {
    scope: hostContainers[i]
    name: guid(hostContainers[i].id, identityId, 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
    }
  }
]

// Key Vault references in the app settings.
resource vaultSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identityId, '4633458b-17de-408a-b874-0445c86b69e6')
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
  }
}

// Entra ID (AAD) authenticated ingestion into Application Insights.
resource telemetryPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: appInsights
  name: guid(appInsights.id, identityId, '3913510d-42f4-4e42-8a64-420c390055eb')
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '3913510d-42f4-4e42-8a64-420c390055eb')
  }
}
