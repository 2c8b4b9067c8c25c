/**
 * Grille du planning : agents × jours, codes horaires en couleur, absences, alertes de
 * règles, couverture par poste et qualification face à la maquette (en pied de tableau).
 *
 * Clavier (motif ARIA « grid ») : flèches pour se déplacer, Origine/Fin en début/fin de
 * ligne, Entrée (ou F2) pour ouvrir la liste des postes, lettre d'un code pour le poser
 * directement, Suppr pour mettre en repos. Dans la liste : flèches, Origine/Fin, Entrée, Échap.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { isWeekend, longDate, shortDay } from './calendar.ts'
import { coverageCell, coverageLines } from './coverage.ts'
import { ABSENCE_LABELS } from './labels.ts'
import type { Absence, Assignment, MaquetteDemand, RuleViolation, ShiftType, StaffMember, Wish } from './planningApi.ts'
import { shiftClass } from './shiftColours.ts'

export interface RosterGridProps {
  days: string[]
  staff: StaffMember[]
  shiftTypes: ShiftType[]
  assignments: Assignment[]
  absences: Absence[]
  maquette: MaquetteDemand[]
  violations: RuleViolation[]
  /** Souhaits (desiderata) des agents sur la période : marqueur dans la cellule. */
  wishes?: Wish[]
  /** Cellules changées par rapport à la version comparée (`staffId|date`). */
  changed?: Set<string>
  editable: boolean
  onEdit?: (staffId: string, date: string, shiftTypeId: string | null) => void
  caption: string
}

export function staffName(person: Pick<StaffMember, 'firstName' | 'lastName'>): string {
  const name = [person.lastName?.toUpperCase(), person.firstName].filter(Boolean).join(' ')
  return name === '' ? 'Personne effacée' : name
}

const cellKey = (staffId: string, date: string) => `${staffId}|${date}`

/** « souhaite ne pas travailler (poste M) » : texte d'un souhait pour la cellule. */
export function wishText(wish: Pick<Wish, 'kind' | 'shiftTypeId'>, shiftById: Map<string, Pick<ShiftType, 'code'>>): string {
  const what = wish.kind === 'ON' ? 'souhaite travailler' : 'souhaite ne pas travailler'
  if (!wish.shiftTypeId) return `${what} (journée)`
  return `${what} (poste ${shiftById.get(wish.shiftTypeId)?.code ?? 'inconnu'})`
}

export function RosterGrid(props: RosterGridProps) {
  const { days, staff, shiftTypes, assignments, absences, maquette, violations, wishes, changed, editable, onEdit } = props
  const [active, setActive] = useState<{ row: number; col: number }>({ row: 0, col: 0 })
  const [editing, setEditing] = useState(false)
  const cells = useRef(new Map<string, HTMLTableCellElement>())
  const shiftById = useMemo(() => new Map(shiftTypes.map((s) => [s.id, s])), [shiftTypes])
  const staffById = useMemo(() => new Map(staff.map((p) => [p.id, p])), [staff])

  const assigned = useMemo(() => {
    const map = new Map<string, string[]>()
    for (const a of assignments) {
      const key = cellKey(a.staffId, a.date)
      map.set(key, [...(map.get(key) ?? []), a.shiftTypeId])
    }
    return map
  }, [assignments])

  const absent = useMemo(() => {
    const map = new Map<string, Absence>()
    for (const a of absences) {
      for (const day of days) if (day >= a.startDate && day <= a.endDate) map.set(cellKey(a.staffId, day), a)
    }
    return map
  }, [absences, days])

  const wished = useMemo(() => {
    const map = new Map<string, Wish[]>()
    for (const w of wishes ?? []) {
      const key = cellKey(w.staffId, w.date)
      map.set(key, [...(map.get(key) ?? []), w])
    }
    return map
  }, [wishes])

  const flagged = useMemo(() => {
    const map = new Map<string, RuleViolation[]>()
    for (const v of violations) {
      if (!v.staffId) continue
      for (const day of v.dates) {
        const key = cellKey(v.staffId, day)
        map.set(key, [...(map.get(key) ?? []), v])
      }
    }
    return map
  }, [violations])

  const lines = useMemo(
    () => coverageLines(maquette, shiftTypes.map((s) => s.id)),
    [maquette, shiftTypes],
  )

  // Reste dans la grille quand la vue (semaine/mois) ou la liste change.
  const row = Math.min(active.row, Math.max(staff.length - 1, 0))
  const col = Math.min(active.col, Math.max(days.length - 1, 0))

  const focusCell = (r: number, c: number) => {
    setActive({ row: r, col: c })
    const person = staff[r]
    const day = days[c]
    if (person && day) cells.current.get(cellKey(person.id, day))?.focus()
  }

  const commit = (staffId: string, date: string, shiftTypeId: string | null) => {
    setEditing(false)
    onEdit?.(staffId, date, shiftTypeId)
    focusCell(row, col)
  }

  const onCellKeyDown = (event: KeyboardEvent<HTMLTableCellElement>, r: number, c: number) => {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [r - 1, c],
      ArrowDown: [r + 1, c],
      ArrowLeft: [r, c - 1],
      ArrowRight: [r, c + 1],
      Home: [r, 0],
      End: [r, days.length - 1],
    }
    const move = moves[event.key]
    if (move) {
      event.preventDefault()
      const [nr, nc] = move
      if (nr >= 0 && nr < staff.length && nc >= 0 && nc < days.length) focusCell(nr, nc)
      return
    }
    if (!editable) return
    const person = staff[r]
    const day = days[c]
    if (event.key === 'Enter' || event.key === 'F2') {
      event.preventDefault()
      setActive({ row: r, col: c })
      setEditing(true)
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault()
      commit(person.id, day, null)
    } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      const shift = shiftTypes.find((s) => s.code.toUpperCase() === event.key.toUpperCase())
      if (shift) {
        event.preventDefault()
        commit(person.id, day, shift.id)
      }
    }
  }

  return (
    <div className="grid-scroll">
      <table className="roster-grid" role="grid" aria-label={props.caption} aria-readonly={!editable}>
        <thead>
          <tr>
            <th scope="col" className="roster-grid__corner">
              Agent
            </th>
            {days.map((day) => {
              const { weekday, day: dayNumber } = shortDay(day)
              return (
                <th key={day} scope="col" className={isWeekend(day) ? 'is-weekend' : undefined} abbr={longDate(day)}>
                  <span className="roster-grid__weekday">{weekday}</span>
                  <span className="roster-grid__day">{dayNumber}</span>
                </th>
              )
            })}
          </tr>
        </thead>
        <tbody>
          {staff.map((person, r) => (
            <tr key={person.id}>
              <th scope="row" className="roster-grid__person">
                <span className="roster-grid__name">{staffName(person)}</span>
                <span className="roster-grid__meta">
                  {person.profession}
                  {person.quotite !== 100 ? ` · ${person.quotite} %` : ''}
                </span>
              </th>
              {days.map((day, c) => {
                const key = cellKey(person.id, day)
                const shifts = (assigned.get(key) ?? []).map((id) => shiftById.get(id)).filter((s) => s !== undefined)
                const absence = absent.get(key)
                const problems = flagged.get(key) ?? []
                const cellWishes = wished.get(key) ?? []
                const hard = problems.some((p) => p.hard && !p.override)
                const isActive = r === row && c === col
                const classes = ['roster-cell']
                if (isWeekend(day)) classes.push('is-weekend')
                if (shifts[0]) classes.push(shiftClass(shifts[0].code, shifts[0].isNight))
                if (absence) classes.push('roster-cell--absent')
                if (hard) classes.push('roster-cell--hard')
                else if (problems.length > 0) classes.push('roster-cell--soft')
                if (changed?.has(key)) classes.push('roster-cell--changed')
                const label =
                  shifts.length > 0 ? shifts.map((s) => s.label).join(' et ') : absence ? ABSENCE_LABELS[absence.category].label : 'repos'
                const description = [
                  `${staffName(person)}, ${longDate(day)} : ${label}`,
                  absence && shifts.length > 0 ? `absence (${ABSENCE_LABELS[absence.category].label})` : '',
                  cellWishes.map((w) => wishText(w, shiftById)).join(' ; '),
                  problems.length > 0 ? problems.map((p) => p.message).join(' ; ') : '',
                  changed?.has(key) ? 'modifié par rapport à la version comparée' : '',
                ]
                  .filter(Boolean)
                  .join('. ')
                return (
                  <td
                    key={day}
                    role="gridcell"
                    className={classes.join(' ')}
                    tabIndex={isActive ? 0 : -1}
                    ref={(el) => {
                      if (el) cells.current.set(key, el)
                      else cells.current.delete(key)
                    }}
                    title={description}
                    data-cell={key}
                    onKeyDown={(event) => onCellKeyDown(event, r, c)}
                    onClick={() => setActive({ row: r, col: c })}
                    onDoubleClick={() => {
                      if (!editable) return
                      setActive({ row: r, col: c })
                      setEditing(true)
                    }}
                  >
                    <span className="roster-cell__code">
                      {shifts.length > 0 ? shifts.map((s) => s.code).join('+') : absence ? ABSENCE_LABELS[absence.category].code : ''}
                    </span>
                    <span className="visually-hidden"> {description}</span>
                    {cellWishes.length > 0 && (
                      <span
                        aria-hidden="true"
                        data-wish={cellWishes[0].kind}
                        className={`roster-cell__wish roster-cell__wish--${cellWishes[0].kind === 'ON' ? 'on' : 'off'}`}
                      >
                        {cellWishes[0].kind === 'ON' ? '+' : '−'}
                      </span>
                    )}
                    {problems.length > 0 && (
                      <span aria-hidden="true" className="roster-cell__flag">
                        !
                      </span>
                    )}
                    {isActive && editing && (
                      <ShiftPicker
                        label={`Poste de ${staffName(person)} le ${longDate(day)}`}
                        shiftTypes={shiftTypes}
                        current={shifts[0]?.id ?? null}
                        onPick={(id) => commit(person.id, day, id)}
                        onCancel={() => {
                          setEditing(false)
                          focusCell(r, c)
                        }}
                      />
                    )}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
        {lines.length > 0 && (
          <tfoot>
            {lines.map((line) => {
              const shift = shiftById.get(line.shiftTypeId)
              const name = `${shift?.code ?? '?'}${line.qualification ? ` · ${line.qualification}` : ''}`
              return (
                <tr key={`${line.shiftTypeId}|${line.qualification ?? ''}`} className="coverage-row">
                  <th scope="row">
                    Couverture {name}
                  </th>
                  {days.map((day) => {
                    const cell = coverageCell(line, day, assignments, staffById, maquette)
                    const text = `${cell.count}/${cell.min}`
                    const description = `${name}, ${longDate(day)} : ${cell.count} présent${cell.count > 1 ? 's' : ''} pour un minimum de ${cell.min}${cell.short ? `, manque ${cell.min - cell.count}` : ''}`
                    return (
                      <td
                        key={day}
                        role="gridcell"
                        className={`coverage-cell${cell.short ? ' coverage-cell--short' : ''}`}
                        title={description}
                        data-short={cell.short ? 'true' : undefined}
                      >
                        {text}
                        <span className="visually-hidden"> {description}</span>
                      </td>
                    )
                  })}
                </tr>
              )
            })}
          </tfoot>
        )}
      </table>
    </div>
  )
}

interface ShiftPickerProps {
  label: string
  shiftTypes: ShiftType[]
  current: string | null
  onPick: (shiftTypeId: string | null) => void
  onCancel: () => void
}

/** Liste des postes (motif ARIA « listbox ») ouverte dans la cellule. */
function ShiftPicker({ label, shiftTypes, current, onPick, onCancel }: ShiftPickerProps) {
  const options: { id: string | null; text: string }[] = [
    ...shiftTypes.map((s) => ({ id: s.id, text: `${s.code} — ${s.label}` })),
    { id: null, text: 'Repos (aucun poste)' },
  ]
  const initial = Math.max(
    options.findIndex((o) => o.id === current),
    0,
  )
  const [index, setIndex] = useState(initial)
  const list = useRef<HTMLUListElement>(null)
  useEffect(() => {
    list.current?.focus()
  }, [])
  const optionId = (i: number) => `shift-option-${i}`

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    event.stopPropagation()
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      setIndex((i) => Math.min(i + 1, options.length - 1))
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setIndex((i) => Math.max(i - 1, 0))
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault()
      setIndex(event.key === 'Home' ? 0 : options.length - 1)
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      onPick(options[index].id)
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault()
      onCancel()
    }
  }

  return (
    <ul
      ref={list}
      role="listbox"
      aria-label={label}
      tabIndex={-1}
      className="shift-picker"
      aria-activedescendant={optionId(index)}
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) onCancel()
      }}
    >
      {options.map((option, i) => (
        <li
          key={option.id ?? 'off'}
          id={optionId(i)}
          role="option"
          aria-selected={i === index}
          className={i === index ? 'is-active' : undefined}
          onMouseDown={(event) => {
            event.preventDefault()
            onPick(option.id)
          }}
        >
          {option.text}
        </li>
      ))}
    </ul>
  )
}
