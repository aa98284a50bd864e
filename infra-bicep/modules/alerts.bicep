// The action group (e-mail) and the log alert rules on the workspace-based Application Insights
// tables. The KQL of each rule lives in ../alerts/*.kql; docs/operations.md quotes those files.

@description('Azure region of the alert rules (that of the workspace).')
param location string

@description('Prefix of the rule names, e.g. udf-prod.')
param namePrefix string

@description('Resource id of the Log Analytics workspace the rules query.')
param workspaceId string

@description('Where alerts are e-mailed.')
param alertEmail string

@description('Hours an import may stay held for approval before it is alerted on (the query looks back at most two days).')
@minValue(1)
@maxValue(46)
param heldImportHours int

@description('Exceptions within 15 minutes that count as a spike.')
@minValue(1)
param exceptionThreshold int

param tags object

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: '${namePrefix}-ops'
  location: 'Global'
  tags: tags
  properties: {
    groupShortName: take('udf-ops', 12)
    enabled: true
    emailReceivers: [
      {
        name: 'operators'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var rules = [
  {
    name: 'import-failed'
    displayName: 'UserDataFeed: an import failed'
    description: 'An import ended with status failed (file rejected, or a storage fault). See docs/operations.md#import-failed.'
    severity: 2
    frequency: 'PT15M'
    window: 'PT15M'
    queryRange: null
    query: loadTextContent('../alerts/import-failed.kql')
    measure: 'Failed'
    aggregation: 'Maximum'
    threshold: 0
    dimensions: ['TenantId']
  }
  {
    name: 'import-held'
    displayName: 'UserDataFeed: an import is held for approval too long'
    description: 'An import has waited for approval longer than ${heldImportHours} hours. See docs/operations.md#import-held.'
    severity: 3
    frequency: 'PT1H'
    window: 'PT1H'
    queryRange: 'P2D'
    query: replace(loadTextContent('../alerts/import-held.kql'), '{{HELD_HOURS}}', string(heldImportHours))
    measure: null
    aggregation: 'Count'
    threshold: 0
    dimensions: ['TenantId', 'ImportId']
  }
  {
    name: 'feed-stale'
    displayName: 'UserDataFeed: a tenant\'s feed is stale'
    description: 'No file arrived from a tenant within its staleAfter setting. See docs/operations.md#feed-stale.'
    severity: 3
    frequency: 'PT1H'
    window: 'PT1H'
    queryRange: null
    query: loadTextContent('../alerts/feed-stale.kql')
    measure: 'Stale'
    aggregation: 'Maximum'
    threshold: 0
    dimensions: ['TenantId']
  }
  {
    name: 'work-poisoned'
    displayName: 'UserDataFeed: work messages were poisoned'
    description: 'Work messages were dequeued too often without completing and moved to the poison queue. See docs/operations.md#work-poisoned.'
    severity: 2
    frequency: 'PT15M'
    window: 'PT15M'
    queryRange: null
    query: loadTextContent('../alerts/work-poisoned.kql')
    measure: 'Poisoned'
    aggregation: 'Maximum'
    threshold: 0
    dimensions: ['TenantId']
  }
  {
    name: 'exception-spike'
    displayName: 'UserDataFeed: spike of exceptions'
    description: 'More than ${exceptionThreshold} exceptions within 15 minutes. See docs/operations.md#exception-spike.'
    severity: 2
    frequency: 'PT5M'
    window: 'PT15M'
    queryRange: null
    query: loadTextContent('../alerts/exception-spike.kql')
    measure: 'Exceptions'
    aggregation: 'Maximum'
    threshold: exceptionThreshold
    dimensions: []
  }
]

resource rule 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for r in rules: {
    name: '${namePrefix}-${r.name}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: r.displayName
      description: r.description
      severity: r.severity
      enabled: true
      scopes: [
        workspaceId
      ]
      evaluationFrequency: r.frequency
      windowSize: r.window
      overrideQueryTimeRange: r.queryRange
      autoMitigate: false
      criteria: {
        allOf: [
          {
            query: r.query
            timeAggregation: r.aggregation
            metricMeasureColumn: r.measure
            operator: 'GreaterThan'
            threshold: r.threshold
            dimensions: [
              for d in r.dimensions: {
                name: d
                operator: 'Include'
                values: ['*']
              }
            ]
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      actions: {
        actionGroups: [
          actionGroup.id
        ]
      }
    }
  }
]

output actionGroupId string = actionGroup.id
output ruleNames string[] = [for (r, i) in rules: rule[i].name]
