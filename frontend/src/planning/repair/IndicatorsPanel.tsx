/**
 * « Indicateurs » de la version affichée (couverture, desiderata, équité, heures
 * supplémentaires, règles impératives, changements depuis la publication) et explications en
 * français des besoins non couverts et des souhaits refusés.
 */
import { useEffect, useId, useState } from 'react'
import { useSessionManager } from '../../auth/SessionContext.tsx'
import { errorText } from '../labels.ts'
import type { StaffMember } from '../planningApi.ts'
import { staffName } from '../RosterGrid.tsx'
import { ConflictView } from './ConflictView.tsx'
import {
  EXPLANATIONS_QUERY,
  readConflict,
  SCORE_QUERY,
  explanationTexts,
  hours,
  percent,
  withNames,
  type ExplanationsData,
  type RosterScore,
  type ScoreData,
} from './replanApi.ts'

const SHOWN = 10

const gini = (g: number) => g.toFixed(2).replace('.', ',')

export function IndicatorsPanel({ rosterId, version, staff }: { rosterId: string; version: number; staff: StaffMember[] }) {
  const manager = useSessionManager()
  const titleId = useId()
  const [score, setScore] = useState<RosterScore | null>(null)
  const [explanations, setExplanations] = useState<ExplanationsData['rosterExplanations'] | null>(null)
  const [error, setError] = useState<string | null>(null)
  // Computed on demand: the page sends its requests one after another (SQLite write lock, see
  // planningApi), and explaining a whole month takes a few seconds.
  const [asked, setAsked] = useState<number | null>(null)

  useEffect(() => {
    setScore(null)
    setExplanations(null)
    setError(null)
    if (asked !== version) return
    let live = true
    ;(async () => {
      // One root field per request (SQLite write lock, see planningApi).
      const s = await manager.request<ScoreData>(SCORE_QUERY, { rosterId, version })
      if (live) setScore(s.rosterScore)
      const e = await manager.request<ExplanationsData>(EXPLANATIONS_QUERY, { rosterId, version })
      if (live) setExplanations(e.rosterExplanations)
    })().catch((e) => live && setError(errorText(e)))
    return () => {
      live = false
    }
  }, [manager, rosterId, version, asked])

  const name = (id: string | null) => {
    const person = id ? staff.find((p) => p.id === id) : undefined
    return person ? `${staffName(person)} : ` : ''
  }
  const named = (id: string) => {
    const person = staff.find((p) => p.id === id)
    return person ? staffName(person) : null
  }
  const readable = (list: { staff: string | null; text: string }[]) => list.map((x) => ({ ...x, text: withNames(x.text, named) }))
  const uncovered = readable(explanationTexts(explanations?.uncovered))
  const refused = readable(explanationTexts(explanations?.refusedWishes))
  const conflict = readConflict(explanations?.conflict)

  return (
    <section className="panel panel--wide no-print" aria-labelledby={titleId}>
      <h2 id={titleId}>Indicateurs (version {version})</h2>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {asked !== version && (
        <button type="button" className="button button--secondary" onClick={() => setAsked(version)}>
          Calculer les indicateurs
        </button>
      )}
      {asked === version && !score && !error && <p role="status">Calcul des indicateurs…</p>}
      {score && (
        <dl className="indicator-list">
          <div>
            <dt>Taux de couverture</dt>
            <dd>
              {percent(score.coverageRate)}
              {score.belowMinimum > 0 ? ` (${score.belowMinimum} besoins sous le minimum)` : ''}
            </dd>
          </div>
          <div>
            <dt>Desiderata satisfaits</dt>
            <dd>{percent(score.desiderataRate)}</dd>
          </div>
          <div>
            <dt>Équité (indice de Gini, 0 = égal)</dt>
            <dd>
              nuits {gini(score.nightsGini)} · week-ends {gini(score.weekendsGini)} · souhaits refusés {gini(score.refusedWishesGini)}
            </dd>
          </div>
          <div>
            <dt>Heures supplémentaires</dt>
            <dd>{hours(score.overtimeMinutes)}</dd>
          </div>
          <div>
            <dt>Règles impératives enfreintes</dt>
            <dd className={score.hardViolations > 0 ? 'text-error' : undefined}>{score.hardViolations}</dd>
          </div>
          <div>
            <dt>Changements depuis la publication</dt>
            <dd>{score.changesAgainstPublished ?? '—'}</dd>
          </div>
        </dl>
      )}
      {explanations && (
        <>
          <h3>Besoins non couverts ({uncovered.length})</h3>
          {uncovered.length === 0 ? (
            <p>Tous les besoins sont couverts.</p>
          ) : (
            <ul className="explanation-list">
              {uncovered.slice(0, SHOWN).map((x, i) => (
                <li key={i}>{x.text}</li>
              ))}
              {uncovered.length > SHOWN && <li>… et {uncovered.length - SHOWN} de plus</li>}
            </ul>
          )}
          {conflict && (
            <>
              <h3>Pourquoi la maquette n’est pas couverte</h3>
              <ConflictView conflict={conflict} staff={staff} />
            </>
          )}
          <h3>Souhaits refusés ({refused.length})</h3>
          {refused.length === 0 ? (
            <p>Aucun souhait refusé.</p>
          ) : (
            <ul className="explanation-list">
              {refused.slice(0, SHOWN).map((x, i) => (
                <li key={i}>
                  {name(x.staff)}
                  {x.text}
                </li>
              ))}
              {refused.length > SHOWN && <li>… et {refused.length - SHOWN} de plus</li>}
            </ul>
          )}
        </>
      )}
    </section>
  )
}
