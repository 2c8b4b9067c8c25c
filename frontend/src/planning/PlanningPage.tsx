/**
 * Écran « Planning » du cadre : grille d'une unité, couverture, contrôle immédiat des
 * règles, « Générer » avec suivi du calcul, comparaison avec la version précédente,
 * « Valider » et « Publier » (motifs demandés par l'API), vue d'impression A3 paysage.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react'
import { isGraphQLRequestError } from '../api/graphql.ts'
import { useSessionManager } from '../auth/SessionContext.tsx'
import { addDays, daysBetween, longDate, monthLabel, weeksOf } from './calendar.ts'
import { ComparisonPanel } from './ComparisonPanel.tsx'
import { subscribeJobProgress } from './jobSubscription.ts'
import { ROSTER_STATE_LABELS, errorText, needsReason, plural } from './labels.ts'
import {
  ABSENCES_QUERY,
  COMPARE_QUERY,
  JOB_QUERY,
  OVERRIDE_MUTATION,
  PROPOSE_MUTATION,
  PUBLISH_MUTATION,
  REQUEST_SOLVE_MUTATION,
  ROSTER_QUERY,
  ROSTERS_QUERY,
  SHIFT_TYPES_QUERY,
  STAFF_QUERY,
  UNITS_QUERY,
  MAQUETTE_QUERY,
  SET_ASSIGNMENT_MUTATION,
  VALIDATE_MUTATION,
  type AbsencesData,
  UNIT_WISHES_QUERY,
  JOINT_REQUIREMENTS_QUERY,
  THEATRE_PROGRAMME_QUERY,
  type JointRequirement,
  type JointRequirementsData,
  type TheatreProgrammeData,
  type TheatreSession,
  type UnitWishesData,
  type Wish,
  type CompareData,
  type JobData,
  type JobProgress,
  type PlanningContextData,
  type ReasonCode,
  type RequestSolveData,
  type RosterData,
  rosterViewOf,
  type RosterView,
  type RuleViolation,
  type SetAssignmentData,
  type UnitData,
  type VersionComparison,
} from './planningApi.ts'
import { ProgressChart, progressPoints } from './ProgressChart.tsx'
import { ReasonDialog } from './ReasonDialog.tsx'
import { AlertsPanel } from './repair/AlertsPanel.tsx'
import { IndicatorsPanel } from './repair/IndicatorsPanel.tsx'
import { RepairPanel } from './repair/RepairPanel.tsx'
import { ConflictExplanation } from './repair/ConflictView.tsx'
import { RosterGrid, staffName, wishText } from './RosterGrid.tsx'
import { CellDetail } from './CellDetail.tsx'
import { ABSENCE_LABELS } from './labels.ts'
import { ViolationList } from './ViolationList.tsx'
import { ACTIVITY_MARKS, sessionStatuses } from './medical.ts'
import { SessionForm } from '../setup/TheatreSessionForm.tsx'

const SOLVE_TIME_LIMIT_S = 15
/** The server gives a unit's wishes for at most 93 days at a time. */
const WISH_WINDOW_DAYS = 93
const IMPORT_ATTEMPTS = 5
const IMPORT_RETRY_MS = 600
const FINAL_STATES = ['SUCCEEDED', 'FAILED', 'CANCELLED']

type Pending =
  | { kind: 'publish' }
  | { kind: 'validate'; blocking: RuleViolation[] }
  | { kind: 'edit'; staffId: string; date: string; shiftTypeId: string | null; field: 'reasonCode' | 'overrideReasonCode'; message: string }

interface SolveState {
  jobId: string
  events: JobProgress[]
  state: string
  fromVersion: number
  note: string | null
  summary: JobData['job']['summary']
}

/** Ce que dit le moteur à la fin (statut de `JobSummary`), en français. */
export function solveStatusText(summary: NonNullable<JobData['job']['summary']>): string {
  const found =
    summary.hardViolations === 0
      ? 'planning sans violation de règle impérative'
      : `meilleur planning trouvé, ${plural(summary.hardViolations ?? 0, 'règle impérative enfreinte', 'règles impératives enfreintes')} (maquette impossible à couvrir entièrement avec l’effectif ?)`
  const optimal = summary.status === 'optimal' ? ', optimal' : ''
  return `${found}${optimal} — objectif ${summary.objective ?? '?'}, borne ${summary.lowerBound ?? '?'}, en ${summary.seconds.toFixed(1)} s`
}

export function PlanningPage() {
  const manager = useSessionManager()
  const unitSelectId = useId()
  const rosterSelectId = useId()
  const [context, setContext] = useState<PlanningContextData | null>(null)
  const [unitId, setUnitId] = useState<string>('')
  const [unitData, setUnitData] = useState<UnitData | null>(null)
  // Units listed for the GHT but outside the cadre's scope (FORBIDDEN): hidden from the choice.
  const [outOfScope, setOutOfScope] = useState<ReadonlySet<string>>(new Set())
  const [rosterId, setRosterId] = useState<string>('')
  const [view, setView] = useState<RosterView | null>(null)
  const [absences, setAbsences] = useState<AbsencesData['absences']['nodes']>([])
  const [wishes, setWishes] = useState<Wish[]>([])
  const [theatre, setTheatre] = useState<{ sessions: TheatreSession[]; requirements: JointRequirement[] }>({
    sessions: [],
    requirements: [],
  })
  const [mode, setMode] = useState<'month' | 'week'>('month')
  const [week, setWeek] = useState(0)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [actionError, setActionError] = useState<string | null>(null)
  const [lastCheck, setLastCheck] = useState<{ title: string; violations: RuleViolation[] } | null>(null)
  const [solve, setSolve] = useState<SolveState | null>(null)
  const [comparison, setComparison] = useState<VersionComparison | null>(null)
  const [pending, setPending] = useState<Pending | null>(null)
  const [busy, setBusy] = useState(false)
  /** Séance du bloc ouverte depuis la grille (`session` nulle : ajout dans cette salle ce jour-là). */
  /** Cellule d'agent choisie dans la grille : son détail (et « Pourquoi cette personne ? »). */
  const [selected, setSelected] = useState<{ staffId: string; date: string } | null>(null)
  const [sessionEdit, setSessionEdit] = useState<{ room: string; date: string; session: TheatreSession | null } | null>(null)
  const unsubscribe = useRef<(() => void) | null>(null)

  useEffect(() => () => unsubscribe.current?.(), [])

  useEffect(() => {
    ;(async () => {
      const { units } = await manager.request<Pick<PlanningContextData, 'units'>>(UNITS_QUERY)
      const { shiftTypes } = await manager.request<Pick<PlanningContextData, 'shiftTypes'>>(SHIFT_TYPES_QUERY)
      return { units, shiftTypes }
    })()
      .then((data) => {
        const units = [...data.units.nodes].sort((a, b) => a.code.localeCompare(b.code, 'fr'))
        setContext({ ...data, units: { nodes: units } })
        setUnitId((current) => current || units[0]?.id || '')
      })
      .catch((error) => setLoadError(errorText(error)))
  }, [manager])

  useEffect(() => {
    if (!unitId) return
    // A unit chosen while the previous one loads: the late answer is dropped.
    let live = true
    setUnitData(null)
    ;(async () => {
      const { staffMembers } = await manager.request<Pick<UnitData, 'staffMembers'>>(STAFF_QUERY, { unitId })
      const { maquette } = await manager.request<Pick<UnitData, 'maquette'>>(MAQUETTE_QUERY, { unitId })
      const { rosters } = await manager.request<Pick<UnitData, 'rosters'>>(ROSTERS_QUERY, { unitId })
      return { staffMembers, maquette, rosters }
    })()
      .then((data) => {
        if (!live) return
        setUnitData(data)
        const latest = [...data.rosters.nodes].sort((a, b) => b.periodStart.localeCompare(a.periodStart))[0]
        setRosterId(latest?.id ?? '')
      })
      .catch((error) => {
        if (!live) return
        if (isGraphQLRequestError(error) && error.code === 'FORBIDDEN') {
          setOutOfScope((previous) => new Set([...previous, unitId]))
          const next = context?.units.nodes.find((u) => u.id !== unitId && !outOfScope.has(u.id))
          if (next) setUnitId(next.id)
          else setLoadError(errorText(error))
        } else setLoadError(errorText(error))
      })
    return () => {
      live = false
    }
  }, [manager, unitId])

  const loadRoster = useCallback(
    async (id: string) => {
      const data = await manager.request<RosterData>(ROSTER_QUERY, { id })
      const loaded = rosterViewOf(data.roster)
      setView(loaded)
      return loaded
    },
    [manager],
  )

  /** Every wish of the unit's people over the period (93 days and 100 wishes per request). */
  const loadWishes = useCallback(
    async (unit: string, from: string, to: string) => {
      const found: Wish[] = []
      for (let start = from; start <= to; start = addDays(start, WISH_WINDOW_DAYS)) {
        const end = addDays(start, WISH_WINDOW_DAYS - 1) < to ? addDays(start, WISH_WINDOW_DAYS - 1) : to
        let after: string | null = null
        do {
          const data: UnitWishesData = await manager.request<UnitWishesData>(UNIT_WISHES_QUERY, { unitId: unit, from: start, to: end, after })
          found.push(...data.desiderata.nodes)
          after = data.desiderata.pageInfo.hasNextPage ? data.desiderata.pageInfo.endCursor : null
        } while (after)
      }
      return found
    },
    [manager],
  )

  /**
   * The roster once the solve's result is imported as a new version. The server imports it
   * when the job ends, concurrently with this read; on the embedded SQLite database the two
   * writers can collide (« database is locked », INTERNAL), so the read is retried a few times.
   */
  const loadImportedRoster = useCallback(
    async (id: string, fromVersion: number) => {
      let lastError: unknown = null
      for (let attempt = 0; attempt < IMPORT_ATTEMPTS; attempt += 1) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, IMPORT_RETRY_MS))
        try {
          const roster = await loadRoster(id)
          if (roster.version > fromVersion) return roster
          lastError = null
        } catch (error) {
          if (!isGraphQLRequestError(error) || error.code !== 'INTERNAL') throw error
          lastError = error
        }
      }
      if (lastError) throw lastError
      return loadRoster(id)
    },
    [loadRoster],
  )

  useEffect(() => {
    if (!rosterId || !unitId) {
      setView(null)
      return
    }
    setComparison(null)
    setLastCheck(null)
    setSessionEdit(null)
    setSelected(null)
    setTheatre({ sessions: [], requirements: [] })
    // Another unit or roster chosen while this one loads: its late answers are dropped.
    let live = true
    ;(async () => {
      const data = await manager.request<RosterData>(ROSTER_QUERY, { id: rosterId })
      if (!live) return
      const roster = rosterViewOf(data.roster)
      setView(roster)
      const period = { from: roster.roster.periodStart, to: roster.roster.periodEnd }
      const { absences } = await manager.request<AbsencesData>(ABSENCES_QUERY, { unitId, ...period })
      if (!live) return
      setAbsences(absences.nodes)
      const found = await loadWishes(unitId, period.from, period.to)
      if (!live) return
      setWishes(found)
      const { theatreProgramme } = await manager.request<TheatreProgrammeData>(THEATRE_PROGRAMME_QUERY, { unitId, ...period })
      const { jointRequirements } = await manager.request<JointRequirementsData>(JOINT_REQUIREMENTS_QUERY, { unitId })
      if (live) setTheatre({ sessions: theatreProgramme, requirements: jointRequirements })
    })().catch((error) => live && setLoadError(errorText(error)))
    return () => {
      live = false
    }
  }, [manager, rosterId, unitId, loadWishes])

  const staff = useMemo(
    () =>
      [...(unitData?.staffMembers.nodes ?? [])].sort(
        (a, b) => a.profession.localeCompare(b.profession) || staffName(a).localeCompare(staffName(b)),
      ),
    [unitData],
  )
  const allDays = useMemo(
    () => (view ? daysBetween(view.roster.periodStart, view.roster.periodEnd) : []),
    [view],
  )
  const weeks = useMemo(() => weeksOf(allDays), [allDays])
  const days = mode === 'month' ? allDays : (weeks[Math.min(week, weeks.length - 1)] ?? [])
  const statuses = useMemo(
    () => (view && context ? sessionStatuses(theatre.sessions, view.assignments, context.shiftTypes, theatre.requirements) : []),
    [theatre, view, context],
  )
  const changed = useMemo(
    () => new Set(comparison?.changes.map((c) => `${c.staffId}|${c.date}`) ?? []),
    [comparison],
  )

  /** Après l'enregistrement ou la suppression d'une séance : le programme de la période relu. */
  const sessionChanged = async (message: string) => {
    setSessionEdit(null)
    setStatus(message)
    if (!view) return
    try {
      const period = { from: view.roster.periodStart, to: view.roster.periodEnd }
      const { theatreProgramme } = await manager.request<TheatreProgrammeData>(THEATRE_PROGRAMME_QUERY, { unitId, ...period })
      setTheatre((t) => ({ ...t, sessions: theatreProgramme }))
    } catch (error) {
      setActionError(errorText(error))
    }
  }

  const run = async (action: () => Promise<void>) => {
    setBusy(true)
    setActionError(null)
    try {
      await action()
    } finally {
      setBusy(false)
    }
  }

  // --- modification d'une cellule, contrôle immédiat ---
  const edit = (
    staffId: string,
    date: string,
    shiftTypeId: string | null,
    reasons: { reasonCode?: ReasonCode; overrideReasonCode?: ReasonCode } = {},
  ) =>
    run(async () => {
      if (!view) return
      const person = staff.find((p) => p.id === staffId)
      const who = person ? staffName(person) : 'agent'
      const current = view.assignments.filter((a) => a.staffId === staffId && a.date === date).map((a) => a.shiftTypeId)
      const unchanged = shiftTypeId === null ? current.length === 0 : current.length === 1 && current[0] === shiftTypeId
      if (unchanged && !reasons.reasonCode && !reasons.overrideReasonCode) {
        setStatus(`Aucun changement : ${who} a déjà ce poste le ${longDate(date)}.`)
        return
      }
      try {
        const data = await manager.request<SetAssignmentData>(SET_ASSIGNMENT_MUTATION, {
          input: { rosterId: view.roster.id, staffId, date, shiftTypeId, ...reasons },
        })
        const result = data.setAssignment
        const mine = result.violations.filter((v) => v.staffId === staffId || v.dates.includes(date))
        const shift = context?.shiftTypes.find((s) => s.id === shiftTypeId)
        setLastCheck({
          title: `${who}, ${longDate(date)} : ${shift ? `${shift.code} (${shift.label})` : 'repos'} — version ${result.version}`,
          violations: mine,
        })
        setStatus(
          mine.length === 0
            ? `Modification enregistrée (version ${result.version}) : aucune règle enfreinte pour ${who}.`
            : `Modification enregistrée (version ${result.version}) : ${plural(mine.length, 'règle enfreinte', 'règles enfreintes')} — voir « Contrôle immédiat ».`,
        )
        await loadRoster(view.roster.id)
      } catch (error) {
        const kind = needsReason(error)
        if (kind) {
          setPending({
            kind: 'edit',
            staffId,
            date,
            shiftTypeId,
            field: kind === 'REASON_REQUIRED' ? 'reasonCode' : 'overrideReasonCode',
            message: errorText(error),
          })
        } else setActionError(errorText(error))
      }
    })

  // --- génération ---
  const watchJob = (jobId: string, fromVersion: number) => {
    const finish = async (state: string, note: string | null) => {
      const { job } = await manager.request<JobData>(JOB_QUERY, { id: jobId })
      setSolve((s) => (s && s.jobId === jobId ? { ...s, state, note: note ?? job.error, summary: job.summary } : s))
      if (state !== 'SUCCEEDED' || !view) return
      const roster = await loadImportedRoster(view.roster.id, fromVersion)
      if (roster.version > fromVersion) {
        const data = await manager.request<CompareData>(COMPARE_QUERY, {
          rosterId: view.roster.id,
          from: fromVersion,
          to: roster.version,
        })
        setComparison(data.compareRosterVersions)
        setStatus(
          `Proposition calculée (version ${roster.version}) : ${plural(data.compareRosterVersions.changes.length, 'changement', 'changements')} pour ${plural(data.compareRosterVersions.staffAffected.length, 'agent', 'agents')}.`,
        )
      }
    }
    const poll = async () => {
      // Repli si le WebSocket est indisponible : on interroge le travail.
      for (;;) {
        const { job } = await manager.request<JobData>(JOB_QUERY, { id: jobId })
        if (FINAL_STATES.includes(job.state)) {
          await finish(job.state, job.error)
          return
        }
        await new Promise((resolve) => setTimeout(resolve, 1000))
      }
    }
    void manager.currentAccessToken().then((token) => {
      if (!token) return
      let last = 'QUEUED'
      unsubscribe.current?.()
      unsubscribe.current = subscribeJobProgress(jobId, token, {
        onProgress: (event) => {
          last = event.state
          setSolve((s) => (s && s.jobId === jobId ? { ...s, state: event.state, events: [...s.events, event] } : s))
          if (FINAL_STATES.includes(event.state)) void finish(event.state, null).catch((e) => setActionError(errorText(e)))
        },
        onComplete: () => {
          if (!FINAL_STATES.includes(last)) void poll().catch((e) => setActionError(errorText(e)))
        },
        onError: () => {
          if (!FINAL_STATES.includes(last)) void poll().catch((e) => setActionError(errorText(e)))
        },
      })
    })
  }

  const generate = () =>
    run(async () => {
      if (!view) return
      try {
        const data = await manager.request<RequestSolveData>(REQUEST_SOLVE_MUTATION, {
          rosterId: view.roster.id,
          timeLimit: SOLVE_TIME_LIMIT_S,
        })
        setComparison(null)
        setSolve({
          jobId: data.requestRosterSolve.id,
          events: [],
          state: data.requestRosterSolve.state,
          fromVersion: view.version,
          note: null,
          summary: null,
        })
        setStatus('Calcul du planning lancé.')
        watchJob(data.requestRosterSolve.id, view.version)
      } catch (error) {
        setActionError(errorText(error))
      }
    })

  const compareWithPrevious = () =>
    run(async () => {
      if (!view || view.version < 2) return
      try {
        const data = await manager.request<CompareData>(COMPARE_QUERY, {
          rosterId: view.roster.id,
          from: view.version - 1,
          to: view.version,
        })
        setComparison(data.compareRosterVersions)
      } catch (error) {
        setActionError(errorText(error))
      }
    })

  /** A repair's proposed version, compared with the published one. */
  const openProposal = (version: number) =>
    run(async () => {
      if (!view) return
      try {
        const roster = await loadRoster(view.roster.id)
        const data = await manager.request<CompareData>(COMPARE_QUERY, {
          rosterId: roster.roster.id,
          from: roster.roster.publishedVersion ?? version - 1,
          to: version,
        })
        setComparison(data.compareRosterVersions)
      } catch (error) {
        setActionError(errorText(error))
      }
    })

  // --- cycle de vie ---
  const propose = () =>
    run(async () => {
      if (!view) return
      try {
        await manager.request(PROPOSE_MUTATION, { id: view.roster.id })
        await loadRoster(view.roster.id)
        setStatus('Planning proposé.')
      } catch (error) {
        setActionError(errorText(error))
      }
    })

  const validate = () =>
    run(async () => {
      if (!view) return
      try {
        await manager.request(VALIDATE_MUTATION, { id: view.roster.id })
        await loadRoster(view.roster.id)
        setStatus('Planning validé.')
      } catch (error) {
        if (needsReason(error) === 'HARD_VIOLATIONS') {
          const current = await loadRoster(view.roster.id)
          setPending({ kind: 'validate', blocking: current.violations.filter((v) => v.hard && !v.override) })
        } else setActionError(errorText(error))
      }
    })

  const overrideAndValidate = (reason: ReasonCode, blocking: RuleViolation[]) =>
    run(async () => {
      if (!view) return
      setPending(null)
      try {
        for (const v of blocking) {
          await manager.request(OVERRIDE_MUTATION, { rosterId: view.roster.id, fingerprint: v.fingerprint, reasonCode: reason })
        }
        await manager.request(VALIDATE_MUTATION, { id: view.roster.id })
        await loadRoster(view.roster.id)
        setStatus(`Planning validé avec ${plural(blocking.length, 'dérogation motivée', 'dérogations motivées')}.`)
      } catch (error) {
        setActionError(errorText(error))
      }
    })

  const publish = (reasonCode?: ReasonCode) =>
    run(async () => {
      if (!view) return
      setPending(null)
      try {
        await manager.request(PUBLISH_MUTATION, { id: view.roster.id, reasonCode: reasonCode ?? null })
        await loadRoster(view.roster.id)
        setStatus('Planning publié : les agents le voient dans « Mon planning ».')
      } catch (error) {
        if (needsReason(error) === 'REASON_REQUIRED' && !reasonCode) setPending({ kind: 'publish' })
        else setActionError(errorText(error))
      }
    })

  if (loadError) {
    return (
      <>
        <h1 className="page-title" tabIndex={-1}>
          Planning
        </h1>
        <div className="notice notice--error" role="alert">
          <p>Chargement impossible : {loadError}</p>
        </div>
      </>
    )
  }

  const units = (context?.units.nodes ?? []).filter((u) => !outOfScope.has(u.id))
  const rosters = unitData?.rosters.nodes ?? []
  const state = view?.roster.state
  const solving = solve !== null && !FINAL_STATES.includes(solve.state)
  const unit = units.find((u) => u.id === unitId)

  return (
    <>
      <h1 className="page-title" tabIndex={-1}>
        Planning
      </h1>
      <p className="print-only print-title">
        Tableau de service — {unit ? `${unit.code} ${unit.name}` : ''} — {view ? monthLabel(view.roster.periodStart) : ''}
        {view ? ` (version ${view.version}, ${ROSTER_STATE_LABELS[view.roster.state].toLowerCase()})` : ''}
      </p>

      <section className="panel panel--wide planning-toolbar no-print" aria-label="Choix du planning">
        <div className="field">
          <label htmlFor={unitSelectId}>Unité</label>
          <select id={unitSelectId} value={unitId} onChange={(e) => setUnitId(e.target.value)} disabled={!context}>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.code} — {u.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={rosterSelectId}>Période</label>
          <select id={rosterSelectId} value={rosterId} onChange={(e) => setRosterId(e.target.value)} disabled={rosters.length === 0}>
            {rosters.map((r) => (
              <option key={r.id} value={r.id}>
                {monthLabel(r.periodStart)} ({ROSTER_STATE_LABELS[r.state].toLowerCase()})
              </option>
            ))}
          </select>
        </div>
        <fieldset className="segmented">
          <legend>Vue</legend>
          <label>
            <input type="radio" name="vue" checked={mode === 'month'} onChange={() => setMode('month')} /> Mois
          </label>
          <label>
            <input type="radio" name="vue" checked={mode === 'week'} onChange={() => setMode('week')} /> Semaine
          </label>
        </fieldset>
        {mode === 'week' && weeks.length > 0 && (
          <div className="week-nav" role="group" aria-label="Semaine affichée">
            <button type="button" className="button button--secondary" disabled={week <= 0} onClick={() => setWeek((w) => w - 1)}>
              Semaine précédente
            </button>
            <span aria-live="polite">
              Semaine {Math.min(week, weeks.length - 1) + 1} sur {weeks.length}
            </span>
            <button
              type="button"
              className="button button--secondary"
              disabled={week >= weeks.length - 1}
              onClick={() => setWeek((w) => w + 1)}
            >
              Semaine suivante
            </button>
          </div>
        )}
      </section>

      {!context || (unitId && !unitData) ? (
        <p role="status">Chargement du planning…</p>
      ) : units.length === 0 ? (
        <p>Aucune unité dans votre périmètre.</p>
      ) : rosters.length === 0 ? (
        <p>Aucun planning pour cette unité.</p>
      ) : !view ? (
        <p role="status">Chargement du planning…</p>
      ) : (
        <>
          <section className="panel panel--wide planning-summary" aria-label="État du planning">
            <p>
              <strong>{ROSTER_STATE_LABELS[view.roster.state]}</strong> · version {view.version}
              {view.roster.publishedVersion !== null ? ` · version publiée : ${view.roster.publishedVersion}` : ''} ·{' '}
              du {longDate(view.roster.periodStart)} au {longDate(view.roster.periodEnd)}
            </p>
            <p className={view.blockingViolations > 0 ? 'text-error' : undefined}>
              {plural(view.hardViolations, 'règle impérative enfreinte', 'règles impératives enfreintes')}
              {view.hardViolations > 0 ? ` (dont ${view.blockingViolations} sans dérogation)` : ''} ·{' '}
              {plural(view.violations.length - view.hardViolations, 'alerte souple', 'alertes souples')}
            </p>
            <div className="actions no-print">
              <button type="button" className="button" onClick={generate} disabled={busy || solving || state === 'PUBLISHED'}>
                Générer
              </button>
              <button type="button" className="button button--secondary" onClick={compareWithPrevious} disabled={busy || view.version < 2}>
                Comparer avec la version précédente
              </button>
              <button type="button" className="button button--secondary" onClick={propose} disabled={busy || state !== 'DRAFT'}>
                Proposer
              </button>
              <button
                type="button"
                className="button button--secondary"
                onClick={validate}
                disabled={busy || (state !== 'DRAFT' && state !== 'PROPOSED')}
              >
                Valider
              </button>
              <button type="button" className="button button--secondary" onClick={() => publish()} disabled={busy || state !== 'VALIDATED'}>
                Publier
              </button>
              <button type="button" className="button button--secondary" onClick={() => window.print()}>
                Imprimer le tableau de service
              </button>
            </div>
          </section>

          <div className="results-live no-print" aria-live="polite">
            {status && (
              <div className="notice notice--info" role="status">
                <p>{status}</p>
              </div>
            )}
          </div>
          {actionError && (
            <div className="notice notice--error no-print" role="alert">
              <p>{actionError}</p>
            </div>
          )}

          {solve && (
            <section className="panel no-print" aria-labelledby="solve-title">
              <h2 id="solve-title">Calcul du planning</h2>
              <p role="status">
                {solve.state === 'QUEUED' && 'En file d’attente…'}
                {solve.state === 'RUNNING' && `Calcul en cours (${solve.events.length} mises à jour reçues)…`}
                {solve.state === 'SUCCEEDED' &&
                  `Calcul terminé : la proposition est la nouvelle version du planning${solve.summary ? ` (${solveStatusText(solve.summary)})` : ''}.`}
                {solve.state === 'FAILED' && `Échec du calcul${solve.note ? ` : ${solve.note}` : ''}.`}
                {solve.state === 'CANCELLED' && 'Calcul annulé.'}
              </p>
              <ProgressChart points={progressPoints(solve.events, solve.summary)} />
              {solve.summary && solve.events.every((e) => e.objective === null) && (
                <p className="chart-note">
                  Le moteur ne transmet l’objectif en cours de calcul que pour des plannings sans violation de règle impérative ;
                  seul le point final est tracé.
                </p>
              )}
              {(solve.state === 'FAILED' || (solve.state === 'SUCCEEDED' && (solve.summary?.hardViolations ?? 0) > 0)) && (
                <ConflictExplanation rosterId={view.roster.id} version={view.version} staff={staff} />
              )}
            </section>
          )}

          <RepairPanel
            rosterId={view.roster.id}
            published={state === 'PUBLISHED'}
            staff={staff}
            onOpenProposal={(version) => void openProposal(version)}
          />

          {lastCheck && (
            <section className="panel no-print" aria-labelledby="check-title">
              <h2 id="check-title">Contrôle immédiat</h2>
              <p>{lastCheck.title}</p>
              {lastCheck.violations.length === 0 ? (
                <p className="text-ok">Aucune règle enfreinte par cette modification.</p>
              ) : (
                <ViolationList violations={lastCheck.violations} staff={staff} />
              )}
            </section>
          )}

          {comparison && (
            <ComparisonPanel comparison={comparison} staff={staff} shiftTypes={context.shiftTypes} onClose={() => setComparison(null)} />
          )}

          <p className="grid-help no-print" id="grid-help">
            Flèches : se déplacer · Entrée : choisir le poste (sur une ligne du bloc : ouvrir la séance) · lettre du code (M, S, N…) :
            poser le poste · Suppr : repos.
          </p>
          <RosterGrid
            caption={`Planning ${unit?.code ?? ''} — ${mode === 'month' ? monthLabel(view.roster.periodStart) : `semaine ${week + 1}`}`}
            days={days}
            staff={staff}
            shiftTypes={context.shiftTypes}
            assignments={view.assignments}
            absences={absences}
            wishes={wishes}
            maquette={unitData?.maquette ?? []}
            violations={view.violations}
            changed={changed}
            editable={!busy && !solving}
            onEdit={(staffId, date, shiftTypeId) => void edit(staffId, date, shiftTypeId)}
            theatre={statuses.filter((st) => days.includes(st.session.date))}
            onOpenSession={(room, date, session) => setSessionEdit({ room, date, session })}
            onSelectCell={(staffId, date) => setSelected({ staffId, date })}
          />
          {selected && (() => {
            const person = staff.find((p) => p.id === selected.staffId)
            if (!person || !allDays.includes(selected.date)) return null
            const shiftById = new Map(context.shiftTypes.map((s) => [s.id, s]))
            const absence = absences.find((a) => a.staffId === person.id && a.startDate <= selected.date && selected.date <= a.endDate)
            return (
              <CellDetail
                key={`${view.version}|${selected.staffId}|${selected.date}`}
                rosterId={view.roster.id}
                version={view.version}
                person={person}
                date={selected.date}
                shifts={view.assignments
                  .filter((a) => a.staffId === person.id && a.date === selected.date)
                  .map((a) => shiftById.get(a.shiftTypeId))
                  .filter((s) => s !== undefined)}
                absence={absence ? ABSENCE_LABELS[absence.category].label : null}
                wishes={wishes.filter((w) => w.staffId === person.id && w.date === selected.date).map((w) => wishText(w, shiftById))}
                violations={view.violations.filter((v) => v.staffId === person.id && v.dates.includes(selected.date))}
                staff={staff}
              />
            )
          })()}
          {statuses.length > 0 && (
            <p className="theatre-summary" data-testid="theatre-summary">
              Bloc opératoire : {plural(statuses.length, 'séance', 'séances')} au programme sur la période,{' '}
              {plural(statuses.filter((st) => st.complete).length, 'équipe complète', 'équipes complètes')},{' '}
              {plural(statuses.filter((st) => !st.complete).length, 'équipe incomplète', 'équipes incomplètes')}.
            </p>
          )}
          {statuses.length > 0 && !sessionEdit && (
            <div className="actions no-print">
              <button
                type="button"
                className="button button--secondary"
                onClick={() => setSessionEdit({ room: '', date: view.roster.periodStart, session: null })}
              >
                Ajouter une séance au bloc
              </button>
            </div>
          )}
          {sessionEdit && (
            <div className="no-print">
              <SessionForm
                key={`${sessionEdit.room}|${sessionEdit.date}|${sessionEdit.session?.id ?? 'new'}`}
                unitId={unitId}
                shiftTypes={context.shiftTypes}
                initial={sessionEdit.session}
                defaultDate={sessionEdit.date}
                defaultRoom={sessionEdit.room}
                placeFixed={sessionEdit.room !== ''}
                focusOnOpen
                onSaved={(s) => void sessionChanged(`Séance ${s.room} du ${longDate(s.date)} enregistrée.`)}
                onDeleted={(s) => void sessionChanged(`Séance ${s.room} du ${longDate(s.date)} supprimée.`)}
                onCancel={() => setSessionEdit(null)}
                cancelLabel="Fermer"
              />
            </div>
          )}
          <Legend shiftTypes={context.shiftTypes} theatre={statuses.length > 0} />

          <section className="panel panel--wide no-print" aria-labelledby="violations-title">
            <h2 id="violations-title">Règles enfreintes ({view.violations.length})</h2>
            {view.violations.length === 0 ? (
              <p>Aucune règle enfreinte.</p>
            ) : (
              <ViolationList violations={view.violations} staff={staff} limit={15} />
            )}
          </section>
          <IndicatorsPanel rosterId={view.roster.id} version={view.version} staff={staff} />
          <AlertsPanel unitId={unitId} staff={staff} />
        </>
      )}

      {pending?.kind === 'publish' && (
        <ReasonDialog
          title="Motif de publication tardive"
          confirmLabel="Publier avec ce motif"
          onConfirm={(reason) => void publish(reason)}
          onCancel={() => setPending(null)}
        >
          <p>
            Le tableau de service doit être publié au moins 15 jours avant son début (FPH-TDS-2). Indiquez pourquoi il est
            publié plus tard.
          </p>
        </ReasonDialog>
      )}
      {pending?.kind === 'validate' && (
        <ReasonDialog
          title="Déroger aux règles impératives"
          confirmLabel="Déroger et valider"
          onConfirm={(reason) => void overrideAndValidate(reason, pending.blocking)}
          onCancel={() => setPending(null)}
        >
          <p>
            La validation est refusée : {plural(pending.blocking.length, 'règle impérative n’est pas respectée', 'règles impératives ne sont pas respectées')}.
            Chaque dérogation est enregistrée à votre nom avec le motif choisi.
          </p>
          <ViolationList violations={pending.blocking} staff={staff} limit={10} />
        </ReasonDialog>
      )}
      {pending?.kind === 'edit' && (
        <ReasonDialog
          title={pending.field === 'reasonCode' ? 'Motif du changement tardif' : 'Motif de la dérogation'}
          confirmLabel="Enregistrer avec ce motif"
          onConfirm={(reason) => {
            const { staffId, date, shiftTypeId, field } = pending
            setPending(null)
            void edit(staffId, date, shiftTypeId, { [field]: reason })
          }}
          onCancel={() => setPending(null)}
        >
          <p>{pending.message}</p>
        </ReasonDialog>
      )}
    </>
  )
}

function Legend({ shiftTypes, theatre }: { shiftTypes: PlanningContextData['shiftTypes']; theatre: boolean }) {
  return (
    <ul className="legend-list" aria-label="Légende des codes">
      {shiftTypes.map((s) => (
        <li key={s.id}>
          <strong>{s.code}</strong> {s.label}
        </li>
      ))}
      <li>
        <strong>CA</strong> congé · <strong>FOR</strong> formation · <strong>ABS</strong> absence
      </li>
      <li>
        <strong>!</strong> règle enfreinte (bordure rouge : règle impérative)
      </li>
      <li>
        <span className="legend-swatch roster-cell--garde" aria-hidden="true">
          {ACTIVITY_MARKS.GARDE.icon}
        </span>{' '}
        garde (icône losange, fond hachuré) ·{' '}
        <span className="legend-swatch roster-cell--astreinte" aria-hidden="true">
          {ACTIVITY_MARKS.ASTREINTE.icon}
        </span>{' '}
        astreinte (icône téléphone, bordure pointillée)
      </li>
      <li>
        <span className="legend-swatch roster-cell--halves" aria-hidden="true">
          <span className="roster-cell__halves">
            <span className="roster-cell__half">AM</span>
            <span className="roster-cell__half">·</span>
          </span>
        </span>{' '}
        demi-journées : matin en haut, après-midi en bas (· = libre)
      </li>
      {theatre && (
        <li>
          <strong>✓ 4/4</strong> séance de bloc, équipe complète · <strong>✗ 3/4</strong> équipe incomplète (postes pourvus / équipe)
        </li>
      )}
      <li>
        <strong>+</strong> souhaite travailler · <strong>−</strong> souhaite ne pas travailler (desiderata)
      </li>
    </ul>
  )
}
