/** Écrans de l'application et rôles qui peuvent les utiliser. */
import type { Role } from './auth/roles.ts'

export interface AppRoute {
  path: string
  label: string
  roles: readonly Role[]
}

export const DASHBOARD_ROUTE: AppRoute = {
  path: '/',
  label: 'Tableau de bord',
  roles: ['ght_admin', 'site_manager', 'unit_manager', 'hr', 'staff'],
}

export const ACCESS_LOG_ROUTE: AppRoute = {
  path: '/journal-des-acces',
  label: 'Journal des accès',
  roles: ['auditor'],
}

export const PLANNING_ROUTE: AppRoute = {
  path: '/planning',
  label: 'Planning',
  roles: ['ght_admin', 'site_manager', 'unit_manager'],
}

export const MY_PLANNING_ROUTE: AppRoute = {
  path: '/mon-planning',
  label: 'Mon planning',
  roles: ['staff'],
}

export const OVERVIEW_ROUTE: AppRoute = {
  path: '/vue-d-ensemble',
  label: 'Vue d’ensemble',
  roles: ['ght_admin', 'site_manager'],
}

export const STAFF_SETUP_ROUTE: AppRoute = {
  path: '/parametrage/agents',
  label: 'Agents',
  roles: ['ght_admin', 'site_manager', 'unit_manager', 'hr'],
}

export const SHIFT_TYPES_ROUTE: AppRoute = {
  path: '/parametrage/postes',
  label: 'Types de poste',
  roles: ['ght_admin', 'site_manager', 'unit_manager'],
}

export const MAQUETTE_ROUTE: AppRoute = {
  path: '/parametrage/maquettes',
  label: 'Maquettes',
  roles: ['ght_admin', 'site_manager', 'unit_manager'],
}

export const WORK_CYCLES_ROUTE: AppRoute = {
  path: '/parametrage/trames',
  label: 'Trames',
  roles: ['ght_admin', 'site_manager', 'unit_manager'],
}

export const RULE_PARAMETERS_ROUTE: AppRoute = {
  path: '/parametrage/regles',
  label: 'Règles',
  roles: ['ght_admin', 'site_manager', 'unit_manager'],
}

export const TRAVEL_TIMES_ROUTE: AppRoute = {
  path: '/parametrage/trajets',
  label: 'Temps de trajet',
  roles: ['ght_admin', 'site_manager', 'unit_manager', 'hr'],
}

export const THEATRE_PROGRAMME_ROUTE: AppRoute = {
  path: '/parametrage/bloc',
  label: 'Programme du bloc',
  roles: ['ght_admin', 'site_manager', 'unit_manager'],
}

export const COUNTER_ENTRY_ROUTE: AppRoute = {
  path: '/parametrage/compteurs',
  label: 'Saisie des compteurs',
  roles: ['unit_manager', 'hr'],
}

export const SUBSTITUTIONS_ROUTE: AppRoute = {
  path: '/parametrage/remplacements',
  label: 'Remplacements de qualification',
  roles: ['ght_admin', 'site_manager'],
}

export const ROUTES: readonly AppRoute[] = [
  DASHBOARD_ROUTE,
  OVERVIEW_ROUTE,
  PLANNING_ROUTE,
  MY_PLANNING_ROUTE,
  ACCESS_LOG_ROUTE,
  STAFF_SETUP_ROUTE,
  SHIFT_TYPES_ROUTE,
  MAQUETTE_ROUTE,
  WORK_CYCLES_ROUTE,
  RULE_PARAMETERS_ROUTE,
  TRAVEL_TIMES_ROUTE,
  THEATRE_PROGRAMME_ROUTE,
  SUBSTITUTIONS_ROUTE,
  COUNTER_ENTRY_ROUTE,
]

/** Entrées de navigation proposées à un rôle, dans l'ordre du menu. */
export function navigationFor(role: Role): AppRoute[] {
  return ROUTES.filter((route) => route.roles.includes(role))
}

/** Premier écran d'un rôle après la connexion. */
export function homeFor(role: Role): string {
  return navigationFor(role)[0]?.path ?? DASHBOARD_ROUTE.path
}

export function findRoute(pathname: string): AppRoute | undefined {
  const normalized = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname
  return ROUTES.find((route) => route.path === normalized)
}
