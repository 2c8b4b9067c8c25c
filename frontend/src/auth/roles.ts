/** Rôles renvoyés par le backend (`login.role`, `me.role`) et leur libellé français. */
export const ROLES = ['ght_admin', 'site_manager', 'unit_manager', 'hr', 'staff', 'auditor'] as const

export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  ght_admin: 'Direction du GHT',
  site_manager: "Direction d'établissement",
  unit_manager: 'Cadre de santé',
  hr: 'Ressources humaines',
  staff: 'Agent',
  auditor: 'Délégué à la protection des données (DPO)',
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/** Libellé français d'un rôle ; `system` (opérations automatiques) et codes inconnus inclus. */
export function roleLabel(role: string): string {
  if (isRole(role)) return ROLE_LABELS[role]
  if (role === 'system') return 'Système'
  return role
}

/** Libellés courts pour les tableaux (le libellé complet reste disponible en info-bulle). */
export const ROLE_SHORT_LABELS: Record<Role, string> = {
  ...ROLE_LABELS,
  hr: 'RH',
  auditor: 'DPO',
}
