/** Libellés français des codes du journal des accès. */

export const OPERATION_LABELS: Record<string, string> = {
  create: 'Création',
  read: 'Consultation',
  update: 'Modification',
  delete: 'Suppression',
  export: 'Export',
}

export const BREAK_KIND_LABELS: Record<string, string> = {
  edited: 'entrée modifiée',
  deleted: 'entrée supprimée',
  reordered: 'entrées réordonnées',
  truncated: 'journal tronqué',
  forged_checkpoint: 'point de contrôle falsifié',
}

export const OBJECT_TYPE_LABELS: Record<string, string> = {
  app_user: 'Compte utilisateur',
  access_log: 'Journal des accès',
  staff: 'Agent',
  counters: 'Compteurs',
}

export const PURPOSE_LABELS: Record<string, string> = {
  account_management: 'Gestion des comptes',
  absence_management: 'Gestion des absences',
  audit: 'Audit',
  authentication: 'Authentification',
  erasure: 'Effacement (RGPD)',
  erasure_replay: 'Effacement rejoué après restauration',
  planning: 'Planification',
  planning_publication: 'Publication du planning',
  planning_solve: 'Calcul du planning',
  planning_validation: 'Validation du planning',
  planning_workflow: 'Circuit du planning',
  portability_request: 'Portabilité (RGPD)',
  published_roster_change: 'Changement d’un planning publié',
  right_of_access: 'Droit d’accès (RGPD)',
  roster_export: 'Export du planning',
  roster_import: 'Import du planning',
  self_service: 'Consultation par la personne',
  staff_management: 'Gestion des agents',
  tenant_exit: 'Sortie du GHT (export complet)',
}

/** Identifiant de l'acteur « système » (opérations automatiques, amorçage de la démo). */
export const SYSTEM_ACTOR_ID = '00000000-0000-0000-0000-000000000000'

function label(table: Record<string, string>, code: string): string {
  return Object.hasOwn(table, code) ? table[code] : code
}

export const operationLabel = (code: string) => label(OPERATION_LABELS, code)
export const breakKindLabel = (code: string) => label(BREAK_KIND_LABELS, code)
export const objectTypeLabel = (code: string) => label(OBJECT_TYPE_LABELS, code)
export const purposeLabel = (code: string) => label(PURPOSE_LABELS, code)

const DATE_TIME = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'medium' })

/** Date et heure au format français, ex. « 22/11/2026 15:11:12 ». */
export function formatDateTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : DATE_TIME.format(date)
}

/** « 1 entrée », « 3 entrées ». */
export function plural(count: number, singular: string, pluralForm: string): string {
  return `${count.toLocaleString('fr-FR')} ${count > 1 ? pluralForm : singular}`
}
