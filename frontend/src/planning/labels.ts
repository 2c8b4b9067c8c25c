/** Libellés français du planning : états, motifs, catégories d'absence, erreurs de l'API. */
import { isGraphQLRequestError } from '../api/graphql.ts'
import type { AbsenceCategory } from '../api/schema.generated.ts'
import type { ReasonCode, RosterState } from './planningApi.ts'

export const ROSTER_STATE_LABELS: Record<RosterState, string> = {
  DRAFT: 'Brouillon',
  PROPOSED: 'Proposé',
  VALIDATED: 'Validé',
  PUBLISHED: 'Publié',
}

export const REASON_LABELS: Record<ReasonCode, string> = {
  UNPLANNED_ABSENCE: 'Absence imprévue',
  SERVICE_CONTINUITY: 'Continuité du service',
  STAFF_AGREEMENT: 'Accord de l’agent',
  EXCEPTIONAL_EVENT: 'Événement exceptionnel',
  OTHER: 'Autre motif',
}

export const ABSENCE_LABELS: Record<AbsenceCategory, { code: string; label: string }> = {
  LEAVE: { code: 'CA', label: 'Congé' },
  UNPLANNED: { code: 'ABS', label: 'Absence non planifiée' },
  TRAINING: { code: 'FOR', label: 'Formation' },
  UNION: { code: 'SYN', label: 'Activité syndicale' },
  OTHER: { code: 'AUT', label: 'Autre absence' },
}

/** Ce que l'utilisateur lit pour chaque code d'erreur de l'API (le message du serveur suit). */
const ERROR_LEADS: Record<string, string> = {
  UNAUTHENTICATED: 'Votre session a expiré : reconnectez-vous.',
  FORBIDDEN: 'Action non autorisée pour votre rôle ou votre périmètre.',
  NOT_FOUND: 'Élément introuvable (supprimé, ou hors de votre périmètre).',
  BAD_USER_INPUT: 'Saisie refusée.',
  INTERNAL: 'Erreur interne du serveur : réessayez, puis signalez-la si elle persiste.',
  HARD_VIOLATIONS: 'Des règles impératives ne sont pas respectées : motivez chaque dérogation ou corrigez le planning.',
  REASON_REQUIRED: 'Un motif est obligatoire pour cette action.',
  CONFLICT: 'Le planning a changé entre-temps : rechargez-le puis recommencez.',
  SERVICE_UNAVAILABLE: 'Service momentanément surchargé, réessayez dans quelques secondes.',
  NETWORK_ERROR: 'Le serveur ne répond pas : vérifiez la connexion.',
  HTTP_ERROR: 'Le serveur a répondu par une erreur : réessayez dans un instant.',
  INVALID_RESPONSE: 'Réponse illisible du serveur : réessayez, puis signalez-la si elle persiste.',
  GRAPHQL_ERROR: 'Requête refusée par le serveur.',
}

/** Message français d'une erreur, d'après son code (`extensions.code`) et le message du serveur. */
export function errorText(error: unknown): string {
  if (!isGraphQLRequestError(error)) return 'Erreur inattendue.'
  const lead = ERROR_LEADS[error.code]
  if (lead === undefined) return `${error.message} (code : ${error.code})`
  if (['NETWORK_ERROR', 'INTERNAL', 'SERVICE_UNAVAILABLE', 'HTTP_ERROR', 'INVALID_RESPONSE'].includes(error.code)) return lead
  return `${lead} ${capitalise(error.message)}${/[.!?]$/.test(error.message) ? '' : '.'}`
}

/** Une erreur qui se règle en donnant un motif (boîte de dialogue des motifs). */
export function needsReason(error: unknown): 'REASON_REQUIRED' | 'HARD_VIOLATIONS' | null {
  if (!isGraphQLRequestError(error)) return null
  return error.code === 'REASON_REQUIRED' || error.code === 'HARD_VIOLATIONS' ? error.code : null
}

function capitalise(text: string): string {
  return text.length === 0 ? text : text[0].toUpperCase() + text.slice(1)
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count > 1 ? many : one}`
}
