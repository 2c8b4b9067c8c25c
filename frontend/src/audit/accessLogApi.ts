/** Requêtes du journal des accès RGPD (rôle auditeur / DPO uniquement). */
import type * as S from '../api/schema.generated.ts'

export interface AccessLogEntry {
  seq: number
  /** Date ISO 8601. */
  at: string
  actorId: string
  actorRole: string
  operation: string
  objectType: string
  objectIds: string[]
  purpose: string
}

export interface AccessLogVerification {
  intact: boolean
  entryCount: number
  lastSeq: number
  checkpointsVerified: number
  unanchoredEntries: number
  breakKind: string | null
  breakSeq: number | null
  message: string
}

export interface AccessLogFilter {
  actorId?: string
  objectId?: string
  /** Une personne sous tous ses identifiants (fiche d'agent et compte) : au plus 4. */
  objectIds?: string[]
  /** Début de période, ISO 8601 (inclus). */
  from?: string
  /** Fin de période, ISO 8601 (exclue). */
  to?: string
}

export const ACCESS_LOG_PAGE_SIZE = 50

export const ACCESS_LOG_QUERY = `query AccessLog($actorId: UUID, $objectId: UUID, $objectIds: [UUID!], $from: DateTime, $to: DateTime, $first: Int, $beforeSeq: Int) {
  accessLog(actorId: $actorId, objectId: $objectId, objectIds: $objectIds, from: $from, to: $to, first: $first, beforeSeq: $beforeSeq) {
    seq at actorId actorRole operation objectType objectIds purpose
  }
}`

export const VERIFY_ACCESS_LOG_QUERY = `query VerifyAccessLog {
  verifyAccessLog { intact entryCount lastSeq checkpointsVerified unanchoredEntries breakKind breakSeq message }
}`

export const SIGN_CHECKPOINT_MUTATION = 'mutation SignAccessLogCheckpoint { signAccessLogCheckpoint }'

/** Une personne trouvée par son nom de famille (index aveugle ; la lecture est journalisée). */
export type PersonFound = Pick<S.StaffMember, 'id' | 'userId' | 'firstName' | 'lastName' | 'profession'>
export const PEOPLE_BY_NAME_QUERY = `query PeopleByName($lastName: String!) {
  staffMembers(lastName: $lastName, first: 20) { nodes { id userId firstName lastName profession } }
}`
export interface PeopleByNameData {
  staffMembers: { nodes: PersonFound[] }
}
