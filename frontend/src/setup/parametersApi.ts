/** Requêtes des écrans « Règles » (paramètres par GHT, site et unité) et « Temps de trajet ». */
import type * as S from '../api/schema.generated.ts'

export type ParameterSource = Pick<S.ParameterSource, 'rule' | 'citation'>
export type ParameterDefinition = Pick<S.RuleParameterDefinition, 'key' | 'label' | 'unit' | 'defaultValue' | 'unverified'> & {
  sources: ParameterSource[]
}
export type ParameterValue = Pick<S.RuleParameter, 'id' | 'scope' | 'scopeId' | 'key' | 'label' | 'value' | 'effectiveFrom'>
export type ScopeKind = S.ParameterScopeKind
export type TravelTime = Pick<S.TravelTime, 'fromSiteId' | 'toSiteId' | 'minutes'>

export const CATALOGUE_QUERY = `query RuleCatalogue { ruleParameterCatalogue { key label unit defaultValue unverified sources { rule citation } } }`
export interface CatalogueData {
  ruleParameterCatalogue: ParameterDefinition[]
}
const VALUE_FIELDS = 'id scope scopeId key label value effectiveFrom'
export const RULE_PARAMETERS_QUERY = `query RuleParameters($unitId: UUID!) { ruleParameters(unitId: $unitId) { ${VALUE_FIELDS} } }`
export interface RuleParametersData {
  ruleParameters: ParameterValue[]
}
export const SET_PARAMETER_MUTATION = `mutation SetRuleParameter($scope: ParameterScopeKind!, $scopeId: UUID, $key: String!, $value: String!, $effectiveFrom: NaiveDate!) {
  setRuleParameter(scope: $scope, scopeId: $scopeId, key: $key, value: $value, effectiveFrom: $effectiveFrom) { ${VALUE_FIELDS} }
}`
export type SetParameterVariables = S.MutationRootSetRuleParameterArgs
export const DELETE_PARAMETER_MUTATION = `mutation DeleteRuleParameter($id: UUID!) { deleteRuleParameter(id: $id) }`

export const TRAVEL_TIMES_QUERY = `query TravelTimes { travelTimes { fromSiteId toSiteId minutes } }`
export interface TravelTimesData {
  travelTimes: TravelTime[]
}
export const SET_TRAVEL_TIME_MUTATION = `mutation SetTravelTime($fromSiteId: UUID!, $toSiteId: UUID!, $minutes: Int!) {
  setTravelTime(fromSiteId: $fromSiteId, toSiteId: $toSiteId, minutes: $minutes) { fromSiteId toSiteId minutes }
}`
export type SetTravelTimeVariables = S.MutationRootSetTravelTimeArgs

const SCOPE_RANK: Record<ScopeKind, number> = { UNIT: 3, SITE: 2, TENANT: 1 }

/**
 * La valeur qui s'applique à `date` pour chaque clé : la portée la plus précise (unité, puis
 * site, puis GHT), puis la date d'effet la plus récente non postérieure à `date`
 * (la règle du serveur, `planning::problem_builder`).
 */
export function effectiveValues(values: ParameterValue[], date: string): Map<string, ParameterValue> {
  const best = new Map<string, ParameterValue>()
  for (const v of values) {
    if (v.effectiveFrom > date) continue
    const current = best.get(v.key)
    const better =
      current === undefined ||
      SCOPE_RANK[v.scope] > SCOPE_RANK[current.scope] ||
      (SCOPE_RANK[v.scope] === SCOPE_RANK[current.scope] && v.effectiveFrom > current.effectiveFrom)
    if (better) best.set(v.key, v)
  }
  return best
}

export type QualificationSubstitution = S.QualificationSubstitution
const SUBSTITUTION_FIELDS = 'id fromQualification toQualification cost effectiveFrom'
export const SUBSTITUTIONS_QUERY = `query QualificationSubstitutions { qualificationSubstitutions { ${SUBSTITUTION_FIELDS} } }`
export interface SubstitutionsData {
  qualificationSubstitutions: QualificationSubstitution[]
}
export const SET_SUBSTITUTION_MUTATION = `mutation SetQualificationSubstitution($fromQualification: String!, $toQualification: String!, $cost: Int!, $effectiveFrom: NaiveDate) {
  setQualificationSubstitution(fromQualification: $fromQualification, toQualification: $toQualification, cost: $cost, effectiveFrom: $effectiveFrom) { ${SUBSTITUTION_FIELDS} }
}`
export type SetSubstitutionVariables = S.MutationRootSetQualificationSubstitutionArgs
export const DELETE_SUBSTITUTION_MUTATION = `mutation DeleteQualificationSubstitution($id: UUID!) { deleteQualificationSubstitution(id: $id) }`
