import { useEffect } from 'react'
import type { Me } from '../auth/authApi.ts'
import { ROLE_LABELS } from '../auth/roles.ts'
import { useSessionManager } from '../auth/SessionContext.tsx'
import { AccessLogPage } from '../audit/AccessLogPage.tsx'
import { DashboardPage } from '../pages/DashboardPage.tsx'
import { PlanningPage } from '../planning/PlanningPage.tsx'
import { MyPlanningPage } from '../staff/MyPlanningPage.tsx'
import { ForbiddenPage, NotFoundPage } from '../pages/StatusPages.tsx'
import { OverviewPage } from '../overview/OverviewPage.tsx'
import { MaquettePage } from '../setup/MaquettePage.tsx'
import { ShiftTypesPage } from '../setup/ShiftTypesPage.tsx'
import { StaffPage } from '../setup/StaffPage.tsx'
import { RuleParametersPage } from '../setup/RuleParametersPage.tsx'
import { TravelTimesPage } from '../setup/TravelTimesPage.tsx'
import { CounterEntryPage } from '../setup/CounterEntryPage.tsx'
import { SubstitutionsPage } from '../setup/SubstitutionsPage.tsx'
import { TheatreProgrammePage } from '../setup/TheatreProgrammePage.tsx'
import { WorkCyclesPage } from '../setup/WorkCyclesPage.tsx'
import {
  ACCESS_LOG_ROUTE,
  DASHBOARD_ROUTE,
  MAQUETTE_ROUTE,
  MY_PLANNING_ROUTE,
  OVERVIEW_ROUTE,
  PLANNING_ROUTE,
  SHIFT_TYPES_ROUTE,
  STAFF_SETUP_ROUTE,
  findRoute,
  RULE_PARAMETERS_ROUTE,
  TRAVEL_TIMES_ROUTE,
  COUNTER_ENTRY_ROUTE,
  SUBSTITUTIONS_ROUTE,
  THEATRE_PROGRAMME_ROUTE,
  WORK_CYCLES_ROUTE,
  homeFor,
  navigationFor,
} from '../routes.ts'
import { Link, navigate, usePathname } from '../router/router.tsx'

/** Bandeau de l'utilisateur connecté : GHT, rôle, « Se déconnecter ». */
export function UserBar({ user }: { user: Me }) {
  const manager = useSessionManager()
  return (
    <div className="user-bar">
      <p className="user-bar__who">
        <span className="user-bar__tenant">{user.tenantName}</span>
        <span className="user-bar__role">{ROLE_LABELS[user.role]}</span>
      </p>
      <button
        type="button"
        className="button button--on-brand"
        onClick={() => {
          void manager.logout()
          navigate('/', { replace: true })
        }}
      >
        Se déconnecter
      </button>
    </div>
  )
}

/** Navigation principale : seulement les écrans que le rôle peut utiliser. */
export function MainNav({ user }: { user: Me }) {
  const items = navigationFor(user.role)
  return (
    <nav className="main-nav" aria-label="Navigation principale">
      <ul>
        {items.map((item) => (
          <li key={item.path}>
            <Link to={item.path}>{item.label}</Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}

/** Contenu de <main> selon l'adresse et le rôle. */
export function RoutedPage({ user }: { user: Me }) {
  const pathname = usePathname()
  const route = findRoute(pathname)
  const home = homeFor(user.role)
  const redirectHome = route === DASHBOARD_ROUTE && !route.roles.includes(user.role)

  useEffect(() => {
    if (redirectHome) navigate(home, { replace: true })
  }, [redirectHome, home])

  if (route === undefined) return <NotFoundPage home={home} />
  if (redirectHome) return null
  if (!route.roles.includes(user.role)) return <ForbiddenPage home={home} />
  if (route === ACCESS_LOG_ROUTE) return <AccessLogPage />
  if (route === PLANNING_ROUTE) return <PlanningPage />
  if (route === MY_PLANNING_ROUTE) return <MyPlanningPage />
  if (route === OVERVIEW_ROUTE) return <OverviewPage />
  if (route === STAFF_SETUP_ROUTE) return <StaffPage />
  // Shift types are the GHT's: only its administrator changes them (the API says so too).
  if (route === SHIFT_TYPES_ROUTE) return <ShiftTypesPage canEdit={user.role === 'ght_admin'} />
  if (route === MAQUETTE_ROUTE) return <MaquettePage />
  if (route === WORK_CYCLES_ROUTE) return <WorkCyclesPage />
  if (route === RULE_PARAMETERS_ROUTE) return <RuleParametersPage />
  if (route === TRAVEL_TIMES_ROUTE) return <TravelTimesPage />
  if (route === COUNTER_ENTRY_ROUTE) return <CounterEntryPage />
  if (route === SUBSTITUTIONS_ROUTE) return <SubstitutionsPage />
  if (route === THEATRE_PROGRAMME_ROUTE) return <TheatreProgrammePage />
  return <DashboardPage user={user} />
}
