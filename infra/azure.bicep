// CPOR Assistant on Azure: App Service (Linux, Node 20) running the bot, Azure Bot with the Teams channel, Cosmos DB
// (NoSQL, continuous backup, no account keys), Key Vault for the two secrets, Application Insights, and one
// user-assigned managed identity that the app uses for Cosmos DB (data-plane RBAC), Key Vault references and Graph.
// test/unit/azureTemplates.test.ts holds this file against the code: every setting services/config.ts reads is
// given here (or listed there as deliberately optional), and every container the store opens is declared below
// with the partition key, unique keys and TTL of services/cosmosStore.ts CONTAINER_DEFINITIONS.

@description('Prefix of every resource name (letters and digits, 3 to 12).')
@minLength(3)
@maxLength(12)
param resourceBaseName string

param location string = resourceGroup().location

@description('The bot\'s Entra app registration (single tenant): its client id and tenant.')
param botAppId string
param botTenantId string = tenant().tenantId

@secure()
@description('The bot app registration\'s client secret. Stored in Key Vault; the app reads it through a Key Vault reference.')
param botAppPassword string

@secure()
@minLength(32)
@description('HMAC secret of signed links (opt-out pages, proof-of-execution downloads, exports), shared by every instance.')
param linkSecret string

@description('Mailbox that sends the customer e-mails (Graph sendMail as the managed identity).')
param mailSender string

@description('Entra group object ids per role, looked up through Graph.')
param roleGroupIncentivesAdmin string
param roleGroupIncentivesUser string
param roleGroupReviewer string

@description('IANA time zone of business days and deadlines, and the country whose public holidays are skipped.')
param customerTimeZone string = 'Europe/Rome'
param holidayCountry string = 'IT'

@description('Most request units per second the database may scale to (autoscale, shared by its containers).')
param cosmosMaxThroughput int = 1000

param appServiceSku string = 'B1'
@minValue(1)
param instanceCount int = 2

var cosmosDatabaseName = 'cpor'
// One line per container of services/cosmosStore.ts CONTAINER_DEFINITIONS, with the same partition key, default TTL
// (null: TTL off; -1: on, items expire when they say so) and unique keys (each a list of paths, e.g. [['/a', '/b']]).
var containers = [
  { id: 'associations', partitionKey: '/partnerTenantId', defaultTtl: null, uniqueKeys: [] }
  { id: 'conversations', partitionKey: '/id', defaultTtl: null, uniqueKeys: [] }
  { id: 'botState', partitionKey: '/id', defaultTtl: -1, uniqueKeys: [] }
  { id: 'files', partitionKey: '/fileId', defaultTtl: null, uniqueKeys: [] }
  { id: 'slots', partitionKey: '/id', defaultTtl: null, uniqueKeys: [] }
]
// Cosmos DB Built-in Data Contributor: read and write items, read metadata; no account key, no control plane.
var cosmosDataContributor = '00000000-0000-0000-0000-000000000002'
// Key Vault Secrets User: read secret values.
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-id'
  location: location
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${resourceBaseName}-logs'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${resourceBaseName}-ai'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: false
  }
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: '${toLower(resourceBaseName)}-cosmos'
  location: location
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [{ locationName: location, failoverPriority: 0 }]
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    // Entra ID only: the app's identity has a data-plane role; nobody holds a key that opens everything.
    disableLocalAuth: true
    // Point-in-time restore to any second of the last 30 days (docs/operations.md "Restore Cosmos DB").
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: { tier: 'Continuous30Days' }
    }
  }
}

// Declared here, not left to the bot: an Entra ID data-plane identity may not create databases or containers,
// so at start the bot only finds them (createIfNotExists reads first).
resource cosmosDatabase 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: cosmos
  name: cosmosDatabaseName
  properties: {
    resource: { id: cosmosDatabaseName }
    // Shared by the five containers, scaling between a tenth of the maximum and the maximum.
    options: { autoscaleSettings: { maxThroughput: cosmosMaxThroughput } }
  }
}

resource cosmosContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [
  for c in containers: {
    parent: cosmosDatabase
    name: c.id
    properties: {
      resource: union(
        {
          id: c.id
          partitionKey: { paths: [c.partitionKey], kind: 'Hash', version: 2 }
          uniqueKeyPolicy: { uniqueKeys: map(c.uniqueKeys, keyPaths => { paths: keyPaths }) }
        },
        c.defaultTtl == null ? {} : { defaultTtl: c.defaultTtl }
      )
    }
  }
]

resource cosmosRole 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: cosmos
  name: guid(cosmos.id, identity.id, cosmosDataContributor)
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/${cosmosDataContributor}'
    principalId: identity.properties.principalId
    scope: cosmos.id
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: '${resourceBaseName}-kv'
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    // A deleted vault keeps its name for 90 days: provision again with another RESOURCE_SUFFIX.
    enablePurgeProtection: true
  }
}

resource botPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'bot-app-password'
  properties: { value: botAppPassword }
}

resource linkSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'link-secret'
  properties: { value: linkSecret }
}

resource vaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${resourceBaseName}-plan'
  location: location
  kind: 'linux'
  sku: { name: appServiceSku, capacity: instanceCount }
  properties: { reserved: true }
}

resource web 'Microsoft.Web/sites@2023-12-01' = {
  name: '${resourceBaseName}-app'
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Instances share nothing but Cosmos DB: any of them takes any request.
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      appCommandLine: 'node --disable-warning=DEP0111 dist/index.js'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      healthCheckPath: '/readyz'
      // App Service sets PORT. Every other setting the bot reads is here or listed as optional in the test.
      appSettings: [
        { name: 'MicrosoftAppId', value: botAppId }
        { name: 'MicrosoftAppPassword', value: '@Microsoft.KeyVault(SecretUri=${botPasswordSecret.properties.secretUri})' }
        { name: 'MicrosoftAppType', value: 'SingleTenant' }
        { name: 'MicrosoftAppTenantId', value: botTenantId }
        { name: 'COSMOS_ENDPOINT', value: cosmos.properties.documentEndpoint }
        { name: 'COSMOS_DATABASE', value: cosmosDatabaseName }
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        { name: 'GRAPH_CREDENTIAL', value: 'managedIdentity' }
        { name: 'GRAPH_TENANT_ID', value: tenant().tenantId }
        { name: 'GRAPH_CLIENT_ID', value: identity.properties.clientId }
        { name: 'MAIL_SENDER', value: mailSender }
        { name: 'ROLE_GROUP_INCENTIVES_ADMIN', value: roleGroupIncentivesAdmin }
        { name: 'ROLE_GROUP_INCENTIVES_USER', value: roleGroupIncentivesUser }
        { name: 'ROLE_GROUP_REVIEWER', value: roleGroupReviewer }
        { name: 'PUBLIC_BASE_URL', value: 'https://${resourceBaseName}-app.azurewebsites.net' }
        { name: 'LINK_SECRET', value: '@Microsoft.KeyVault(SecretUri=${linkSecretSecret.properties.secretUri})' }
        { name: 'TRUST_PROXY', value: 'true' }
        { name: 'CUSTOMER_TIME_ZONE', value: customerTimeZone }
        { name: 'HOLIDAY_COUNTRY', value: holidayCountry }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
      ]
    }
  }
  dependsOn: [vaultRole, cosmosRole, cosmosContainers]
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${resourceBaseName}-bot'
  location: 'global'
  kind: 'azurebot'
  // Teams is a standard channel: free of charge on F0.
  sku: { name: 'F0' }
  properties: {
    displayName: 'CPOR Assistant'
    endpoint: 'https://${web.properties.defaultHostName}/api/messages'
    msaAppId: botAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botTenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: { channelName: 'MsTeamsChannel' }
}

output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = web.id
output BOT_DOMAIN string = web.properties.defaultHostName
output MANAGED_IDENTITY_PRINCIPAL_ID string = identity.properties.principalId
output COSMOS_ENDPOINT string = cosmos.properties.documentEndpoint
