/**
 * Détail de la cellule choisie dans la grille : le poste, l'absence, les souhaits et les règles
 * enfreintes de cette personne ce jour-là ; et, à la demande, « Pourquoi cette personne ? » :
 * qui d'autre pouvait tenir ce poste (et à quel coût pour le planning), et pourquoi les autres
 * ne le pouvaient pas (la règle, avec sa source), d'après l'explication du moteur.
 */
import { useId, useState } from 'react'
import { useSessionManager } from '../auth/SessionContext.tsx'
import { longDate } from './calendar.ts'
import { errorText, plural } from './labels.ts'
import type { RuleViolation, ShiftType, StaffMember } from './planningApi.ts'
import { staffName } from './RosterGrid.tsx'
import { ASSIGNMENT_WHY_QUERY, readAssignmentWhys, withNames, type AssignmentWhy, type AssignmentWhyData } from './repair/replanApi.ts'

/** Au-delà, la liste des personnes empêchées est résumée. */
const SHOWN_BLOCKED = 8

export interface CellDetailProps {
  rosterId: string
  version: number
  person: StaffMember
  date: string
  shifts: Pick<ShiftType, 'id' | 'code' | 'label'>[]
  /** « congé annuel » … quand la personne est absente ce jour-là. */
  absence: string | null
  wishes: string[]
  violations: RuleViolation[]
  staff: StaffMember[]
}

export function CellDetail(props: CellDetailProps) {
  const manager = useSessionManager()
  const titleId = useId()
  const [whys, setWhys] = useState<AssignmentWhy[] | null>(null)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const name = staffName(props.person)
  const named = (id: string) => {
    const p = props.staff.find((s) => s.id === id)
    return p ? staffName(p) : null
  }

  const ask = async () => {
    setLoading(true)
    setError(null)
    try {
      const data = await manager.request<AssignmentWhyData>(ASSIGNMENT_WHY_QUERY, {
        rosterId: props.rosterId,
        version: props.version,
        staffId: props.person.id,
        date: props.date,
      })
      setWhys(readAssignmentWhys(data.cellExplanation.assignments))
    } catch (e) {
      setError(errorText(e))
    } finally {
      setLoading(false)
    }
  }

  const what = props.shifts.length > 0 ? props.shifts.map((s) => `${s.code} — ${s.label}`).join(' et ') : props.absence ?? 'repos'

  return (
    <section className="panel panel--wide no-print cell-detail" aria-labelledby={titleId}>
      <h2 id={titleId}>
        {name}, {longDate(props.date)}
      </h2>
      <p>
        <strong>{what}</strong>
        {props.absence && props.shifts.length > 0 ? ` (absence : ${props.absence})` : ''}
      </p>
      {props.wishes.length > 0 && <p>Souhait : {props.wishes.join(' ; ')}.</p>}
      {props.violations.length > 0 && (
        <ul className="explanation-list">
          {props.violations.map((v) => (
            <li key={v.fingerprint} className={v.hard && !v.override ? 'text-error' : undefined}>
              {v.hard ? 'Règle impérative' : 'Alerte'} : {withNames(v.message, named)}
            </li>
          ))}
        </ul>
      )}
      {props.shifts.length > 0 && whys === null && (
        <button type="button" className="button button--secondary" onClick={() => void ask()} disabled={loading}>
          Pourquoi cette personne ?
        </button>
      )}
      {loading && <p role="status">Calcul de l’explication…</p>}
      {error && (
        <p role="alert" className="notice notice--error">
          {error}
        </p>
      )}
      {whys !== null && whys.length === 0 && <p>Le moteur n’a pas d’explication pour ce jour (aucun poste dans la version affichée).</p>}
      {whys?.map((why) => (
        <WhyView key={`${why.day}|${why.shift}`} why={why} person={name} named={named} />
      ))}
    </section>
  )
}

function WhyView({ why, person, named }: { why: AssignmentWhy; person: string; named: (id: string) => string | null }) {
  const possible = why.alternatives.filter((a) => !a.blocked)
  const blocked = why.alternatives.filter((a) => a.blocked)
  const label = (id: string) => named(id) ?? 'une personne hors de l’unité'
  return (
    <div className="why">
      <h3>Pourquoi {person} fait le poste {why.shift}</h3>
      <p>
        {possible.length === 0
          ? 'Personne d’autre ne pouvait tenir ce poste sans enfreindre une règle.'
          : `${plural(possible.length, 'autre personne pouvait', 'autres personnes pouvaient')} le tenir sans enfreindre de règle impérative ; l’écart de coût dit ce que le planning y perdrait (négatif : y gagnerait).`}
      </p>
      {possible.length > 0 && (
        <>
          <h4>Pouvaient aussi le faire</h4>
          <ul className="explanation-list">
            {possible.map((c) => (
              <li key={c.staff}>
                {label(c.staff)} — écart de coût {c.cost > 0 ? `+${c.cost}` : c.cost}
              </li>
            ))}
          </ul>
        </>
      )}
      {blocked.length > 0 && (
        <>
          <h4>Ne le pouvaient pas ({blocked.length})</h4>
          <ul className="explanation-list">
            {blocked.slice(0, SHOWN_BLOCKED).map((c) => (
              <li key={c.staff}>
                {label(c.staff)} : {c.reasons.map((r) => withNames(r.message, named)).join(' ; ')}
              </li>
            ))}
            {blocked.length > SHOWN_BLOCKED && <li>… et {blocked.length - SHOWN_BLOCKED} de plus</li>}
          </ul>
        </>
      )}
    </div>
  )
}
