/**
 * « Réparer » un planning publié : durée de calcul demandée, suivi en direct (même graphique
 * que « Générer »), puis les alternatives côte à côte (changements par agent, coût, agents
 * concernés, provenance des renforts, motif exigé sous 48 h). La meilleure devient une version
 * proposée, que le cadre ouvre dans la comparaison.
 */
import { useEffect, useId, useRef, useState } from 'react'
import { isGraphQLRequestError } from '../../api/graphql.ts'
import { useSessionManager } from '../../auth/SessionContext.tsx'
import { longDate } from '../calendar.ts'
import { subscribeJobProgress } from '../jobSubscription.ts'
import { errorText, plural } from '../labels.ts'
import type { JobProgress, StaffMember } from '../planningApi.ts'
import { ProgressChart, progressPoints } from '../ProgressChart.tsx'
import { staffName } from '../RosterGrid.tsx'
import {
  ADOPT_REPAIR_MUTATION,
  REPAIR_QUERY,
  REQUEST_REPAIR_MUTATION,
  hours,
  readAlternatives,
  sourceLabel,
  type AdoptRepairData,
  type RepairData,
  type RequestRepairData,
} from './replanApi.ts'

const FINAL_STATES = ['SUCCEEDED', 'FAILED', 'CANCELLED']
const POLL_MS = 1000
/** Per alternative: people listed, and changes listed per person (the rest counted). */
const PEOPLE_SHOWN = 8
const CHANGES_SHOWN = 4

interface RepairRun {
  jobId: string
  state: string
  events: JobProgress[]
  result: RepairData['rosterRepair'] | null
}

export function RepairPanel({
  rosterId,
  published,
  staff,
  onOpenProposal,
}: {
  rosterId: string
  /** Only a published roster can be repaired. */
  published: boolean
  staff: StaffMember[]
  /** Opens the proposed version in the comparison view (against the published one). */
  onOpenProposal: (version: number) => void
}) {
  const manager = useSessionManager()
  const limitId = useId()
  const titleId = useId()
  const [timeLimit, setTimeLimit] = useState('10')
  const [run, setRun] = useState<RepairRun | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [starting, setStarting] = useState(false)
  const stop = useRef<(() => void) | null>(null)
  useEffect(() => () => stop.current?.(), [])

  const name = (id: string) => {
    const person = staff.find((p) => p.id === id)
    return person ? staffName(person) : `agent ${id.slice(0, 8)}`
  }

  const start = async () => {
    const seconds = Number(timeLimit.replace(',', '.'))
    if (!Number.isFinite(seconds) || seconds < 1 || seconds > 300) {
      setError('Durée de calcul : indiquez un nombre de secondes entre 1 et 300.')
      return
    }
    setError(null)
    setStarting(true)
    try {
      const data = await manager.request<RequestRepairData>(REQUEST_REPAIR_MUTATION, { rosterId, timeLimit: seconds })
      const jobId = data.requestRosterRepair.id
      setRun({ jobId, state: data.requestRosterRepair.state, events: [], result: null })
      stop.current?.()
      let live = true
      const token = await manager.currentAccessToken()
      const unsubscribe = token
        ? subscribeJobProgress(jobId, token, {
            onProgress: (event) => setRun((r) => (r && r.jobId === jobId ? { ...r, state: event.state, events: [...r.events, event] } : r)),
            onComplete: () => {},
            onError: () => {},
          })
        : () => {}
      stop.current = () => {
        live = false
        unsubscribe()
      }
      // The proposals are read from `rosterRepair` once the job is over (polled: it also covers
      // a missing WebSocket).
      for (let failures = 0; ; ) {
        let rosterRepair: RepairData['rosterRepair']
        try {
          rosterRepair = (await manager.request<RepairData>(REPAIR_QUERY, { jobId })).rosterRepair
        } catch (e) {
          // The server imports the best alternative concurrently: on the embedded SQLite
          // database the read may collide with it (« database is locked », INTERNAL).
          if (!isGraphQLRequestError(e) || e.code !== 'INTERNAL' || ++failures > 5) throw e
          await new Promise((resolve) => setTimeout(resolve, POLL_MS))
          continue
        }
        if (!live) return
        if (FINAL_STATES.includes(rosterRepair.job.state)) {
          setRun((r) => (r && r.jobId === jobId ? { ...r, state: rosterRepair.job.state, result: rosterRepair } : r))
          return
        }
        setRun((r) => (r && r.jobId === jobId ? { ...r, state: rosterRepair.job.state } : r))
        await new Promise((resolve) => setTimeout(resolve, POLL_MS))
      }
    } catch (e) {
      setError(errorText(e))
    } finally {
      setStarting(false)
    }
  }

  /** Another alternative than the best becomes the proposed version, opened in the comparison. */
  const adopt = async (rank: number) => {
    if (!run) return
    setError(null)
    try {
      const data = await manager.request<AdoptRepairData>(ADOPT_REPAIR_MUTATION, { jobId: run.jobId, alternative: rank })
      onOpenProposal(data.adoptRosterRepair.currentVersion)
    } catch (e) {
      setError(errorText(e))
    }
  }

  const result = run?.result
  const alternatives = readAlternatives(result?.alternatives)
  const running = run !== null && !FINAL_STATES.includes(run.state)

  return (
    <section className="panel panel--wide no-print repair-panel" aria-labelledby={titleId}>
      <h2 id={titleId}>Réparer le planning publié</h2>
      <p>
        Après de nouvelles absences ou un changement de besoins : le moins de changements et d’agents possible, rien dans le
        passé, motif exigé pour un changement à moins de 48 h ; renforts pris dans l’unité, puis le pool, les volontaires, un
        autre site, enfin en heures supplémentaires.
      </p>
      {!published && <p className="muted">Seul un planning publié peut être réparé.</p>}
      <div className="repair-form">
        <div className="field">
          <label htmlFor={limitId}>Durée de calcul (secondes)</label>
          <input id={limitId} inputMode="decimal" value={timeLimit} onChange={(e) => setTimeLimit(e.target.value)} size={5} />
        </div>
        <button type="button" className="button" onClick={() => void start()} disabled={!published || starting || running}>
          Réparer
        </button>
      </div>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {run && (
        <>
          <p role="status">
            {run.state === 'QUEUED' && 'Réparation en file d’attente…'}
            {run.state === 'RUNNING' && `Réparation en cours (${run.events.length} mises à jour reçues)…`}
            {run.state === 'SUCCEEDED' &&
              (alternatives.length === 0
                ? 'Réparation terminée : aucune alternative à proposer (rien à réparer, ou aucune solution trouvée).'
                : `Réparation terminée : ${plural(alternatives.length, 'alternative', 'alternatives')}${result?.importedVersion ? `, la meilleure est la version ${result.importedVersion} (proposée)` : ''}.`)}
            {run.state === 'FAILED' && `Échec de la réparation${result?.job.error ? ` : ${result.job.error}` : ''}.`}
            {run.state === 'CANCELLED' && 'Réparation annulée.'}
          </p>
          <ProgressChart points={progressPoints(run.events, result?.job.summary ?? null)} />
        </>
      )}
      {result?.preferenceOrder && <p className="muted">Ordre de préférence appliqué : {result.preferenceOrder}</p>}
      {alternatives.length > 0 && (
        <div className="repair-alternatives">
          {alternatives.map((alt) => {
            const byPerson = new Map<string, typeof alt.changes>()
            for (const c of alt.changes) byPerson.set(c.staff, [...(byPerson.get(c.staff) ?? []), c])
            const sources = Object.entries(alt.sources).filter(([, n]) => n > 0)
            return (
              <article key={alt.rank} className="repair-alternative" aria-label={`Alternative ${alt.rank}`}>
                <h3>
                  Alternative {alt.rank}
                  {alt.rank === 1 ? ' (meilleure)' : ''}
                </h3>
                <ul className="repair-facts">
                  <li>{plural(alt.changedAssignments, 'affectation changée', 'affectations changées')}</li>
                  <li>{plural(alt.peopleAffected.length, 'agent concerné', 'agents concernés')}</li>
                  <li>coût : {alt.softCost}</li>
                  <li>heures supplémentaires ajoutées : {hours(alt.overtimeMinutesAdded)}</li>
                  <li className={alt.hardViolations > 0 ? 'text-error' : undefined}>
                    {plural(alt.hardViolations, 'règle impérative enfreinte', 'règles impératives enfreintes')}
                  </li>
                  {alt.needsReasonCode && <li className="text-error">motif exigé : changement à moins de 48 h</li>}
                  {sources.length > 0 && (
                    <li>renforts : {sources.map(([k, n]) => `${n} ${sourceLabel(k)}`).join(', ')}</li>
                  )}
                </ul>
                <ul className="repair-changes">
                  {[...byPerson.entries()].slice(0, PEOPLE_SHOWN).map(([id, changes]) => (
                    <li key={id}>
                      <strong>{name(id)}</strong> :{' '}
                      {changes
                        .slice(0, CHANGES_SHOWN)
                        .map(
                          (c) =>
                            `${longDate(c.date)} ${c.removed} → ${c.added}${c.source ? ` (${sourceLabel(c.source)})` : ''}${c.overtime ? ', en heures supplémentaires' : ''}${c.needsReasonCode ? ', motif exigé (< 48 h)' : ''}`,
                        )
                        .join(' ; ')}
                      {changes.length > CHANGES_SHOWN ? ` ; … (${changes.length - CHANGES_SHOWN} de plus)` : ''}
                    </li>
                  ))}
                  {byPerson.size > PEOPLE_SHOWN && <li>… et {byPerson.size - PEOPLE_SHOWN} autres agents</li>}
                </ul>
                {alt.rank === 1 && result?.importedVersion && (
                  <button type="button" className="button button--secondary" onClick={() => onOpenProposal(result.importedVersion as number)}>
                    Ouvrir la proposition (version {result.importedVersion}) dans la comparaison
                  </button>
                )}
                {alt.rank > 1 && result?.importedVersion && (
                  <button type="button" className="button button--secondary" onClick={() => void adopt(alt.rank)}>
                    Proposer l’alternative {alt.rank} à la place de la meilleure
                  </button>
                )}
              </article>
            )
          })}
        </div>
      )}
    </section>
  )
}
