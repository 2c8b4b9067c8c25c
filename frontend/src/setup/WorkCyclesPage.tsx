/**
 * « Trames » (paramétrage) : les cycles de travail d'une unité (1 à 12 semaines, un code de
 * poste ou un repos par jour, lundi d'abord), un éditeur visuel pour en créer, modifier ou
 * supprimer une, et les agents placés sur une ligne de trame (la ligne fixe leur décalage
 * dans le cycle).
 */
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react'
import { isGraphQLRequestError } from '../api/graphql.ts'
import { useSessionManager } from '../auth/SessionContext.tsx'
import { longDate, today } from '../planning/calendar.ts'
import { hoursText } from '../staff/counters.ts'
import { errorText } from '../planning/labels.ts'
import { shiftClass } from '../planning/shiftColours.ts'
import { formErrors } from './formErrors.ts'
import { useUnitChoice } from './useUnitChoice.ts'
import {
  ASSIGN_CYCLE_MUTATION,
  CREATE_CYCLE_MUTATION,
  CYCLE_MEMBERS_QUERY,
  CYCLE_STAFF_QUERY,
  DELETE_CYCLE_MUTATION,
  UPDATE_CYCLE_MUTATION,
  WEEKDAY_LABELS,
  WORK_CYCLES_QUERY,
  lineDays,
  lineOn,
  mondayOf,
  type AssignCycleVariables,
  type CreateCycleVariables,
  type CycleMembersData,
  type CycleStaff,
  type CycleStaffData,
  type DeleteCycleVariables,
  type StaffCycle,
  type UpdateCycleVariables,
  type WorkCycle,
  type WorkCyclesData,
} from './cyclesApi.ts'
import {
  SETUP_SHIFT_TYPES_QUERY,
  SETUP_UNITS_QUERY,
  type SetupShiftTypesData,
  type SetupUnit,
  type SetupUnitsData,
  type ShiftTypeRow,
} from './setupApi.ts'

interface UnitData {
  cycles: WorkCycle[]
  staff: CycleStaff[]
  assignments: StaffCycle[]
}

const personName = (p: CycleStaff | undefined) => (p ? `${p.firstName ?? ''} ${p.lastName ?? 'Personne effacée'}`.trim() : 'Agent inconnu')

/** Durée totale d'une ligne de trame, en minutes. */
export function lineMinutes(days: (string | null)[], shifts: ShiftTypeRow[]): number {
  return days.reduce((sum, code) => sum + (shifts.find((s) => s.code === code)?.durationMinutes ?? 0), 0)
}

export function WorkCyclesPage() {
  const manager = useSessionManager()
  const [units, setUnits] = useState<SetupUnit[]>([])
  const { visible, unitId, setUnitId, forbid } = useUnitChoice(units)
  const [shifts, setShifts] = useState<ShiftTypeRow[]>([])
  const [data, setData] = useState<UnitData | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [reload, setReload] = useState(0)
  const [status, setStatus] = useState<string | null>(null)
  const [editing, setEditing] = useState<WorkCycle | null>(null)
  const id = useId()
  const thisWeek = mondayOf(today())

  useEffect(() => {
    manager
      .request<SetupUnitsData>(SETUP_UNITS_QUERY)
      .then((d) => {
        setUnits(d.units.nodes)
        return manager.request<SetupShiftTypesData>(SETUP_SHIFT_TYPES_QUERY)
      })
      .then((d) => setShifts(d.shiftTypes))
      .catch((e) => setError(errorText(e)))
  }, [manager])

  useEffect(() => {
    if (!unitId) return
    let live = true
    setData(null)
    ;(async () => {
      // One root field per request (SQLite write lock, see planningApi).
      const { workCycles } = await manager.request<WorkCyclesData>(WORK_CYCLES_QUERY, { unitId })
      const { staffMembers } = await manager.request<CycleStaffData>(CYCLE_STAFF_QUERY, { unitId })
      // One request per trame for its people; a GHT trame's people of other units are left out.
      const assignments: StaffCycle[] = []
      for (const cycle of workCycles) {
        const { workCycleMembers } = await manager.request<CycleMembersData>(CYCLE_MEMBERS_QUERY, { cycleId: cycle.id })
        assignments.push(...workCycleMembers.filter((a) => staffMembers.nodes.some((p) => p.id === a.staffId)))
      }
      return { cycles: workCycles, staff: staffMembers.nodes, assignments }
    })()
      .then((d) => {
        if (!live) return
        setData(d)
        setError(null)
      })
      .catch((e) => {
        if (!live) return
        if (isGraphQLRequestError(e) && e.code === 'FORBIDDEN' && forbid(unitId)) return
        setError(errorText(e))
      })
    return () => {
      live = false
    }
    // `forbid` changes with the units left; reloading on it would repeat the request.
  }, [manager, unitId, reload])

  const unit = units.find((u) => u.id === unitId)
  const refresh = (message: string) => {
    setStatus(message)
    setReload((n) => n + 1)
  }
  const remove = async (cycle: WorkCycle) => {
    setStatus(null)
    const variables: DeleteCycleVariables = { id: cycle.id }
    try {
      await manager.request(DELETE_CYCLE_MUTATION, { ...variables })
      if (editing?.id === cycle.id) setEditing(null)
      setError(null)
      refresh(`Trame « ${cycle.name} » supprimée.`)
    } catch (e) {
      // A trame someone follows: the server says who, which is the whole explanation.
      const followed = isGraphQLRequestError(e) && e.code === 'CONFLICT'
      setError(`Suppression impossible : ${followed ? `${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}.` : errorText(e)}`)
    }
  }

  return (
    <>
      <h1 className="page-title" tabIndex={-1}>
        Trames
      </h1>
      <p className="page-intro">
        Les cycles de travail de l’unité : une ligne par semaine, un poste ou un repos par jour. Chaque agent est placé sur une
        ligne, qui fixe son décalage dans le cycle.
      </p>
      <div className="field field--inline">
        <label htmlFor={`${id}-unit`}>Unité</label>
        <select id={`${id}-unit`} value={unitId} onChange={(e) => setUnitId(e.target.value)}>
          {visible.map((u) => (
            <option key={u.id} value={u.id}>
              {u.code} — {u.name}
            </option>
          ))}
        </select>
      </div>
      <div role="status" className="results-live">
        {status && <p className="notice notice--ok">{status}</p>}
      </div>
      {error && (
        <p role="alert" className="notice notice--error">
          {error}
        </p>
      )}
      {!data && !error && <p className="notice notice--info">Chargement des trames…</p>}
      {data && (
        <>
          <section className="panel panel--wide" aria-labelledby={`${id}-list`}>
            <h2 id={`${id}-list`}>
              Trames de {unit?.code ?? 'l’unité'} — semaine du {longDate(thisWeek)}
            </h2>
            {data.cycles.length === 0 && <p className="notice notice--info">Aucune trame pour cette unité : créez-en une ci-dessous.</p>}
            {data.cycles.map((cycle) => (
              <CycleTable
                key={cycle.id}
                cycle={cycle}
                shifts={shifts}
                data={data}
                week={thisWeek}
                onEdit={() => setEditing(cycle)}
                onDelete={() => void remove(cycle)}
              />
            ))}
          </section>
          <CycleEditor
            key={editing?.id ?? 'new'}
            unitId={unitId}
            shifts={shifts}
            editing={editing}
            onCancel={() => setEditing(null)}
            onSaved={(c) => {
              setEditing(null)
              refresh(`Trame « ${c.name} » enregistrée (${c.weeks} semaine${c.weeks > 1 ? 's' : ''}).`)
            }}
          />
          <AssignForm
            data={data}
            onAssigned={(person, cycle, line) => refresh(`${personName(person)} suit la trame « ${cycle.name} », ligne ${line}.`)}
          />
        </>
      )}
    </>
  )
}

/** Une trame en tableau : une ligne par semaine, et qui est sur cette ligne cette semaine. */
function CycleTable({
  cycle,
  shifts,
  data,
  week,
  onEdit,
  onDelete,
}: {
  cycle: WorkCycle
  shifts: ShiftTypeRow[]
  data: UnitData
  week: string
  onEdit: () => void
  onDelete: () => void
}) {
  const id = useId()
  const [confirming, setConfirming] = useState(false)
  const followers = data.assignments.filter((a) => a.cycleId === cycle.id)
  return (
    <div className="cycle">
      <h3 id={`${id}-name`}>
        {cycle.name} <span className="cycle__meta">({cycle.weeks} semaine{cycle.weeks > 1 ? 's' : ''}{cycle.unitId === null ? ', commune au GHT' : ''})</span>
      </h3>
      <div className="actions">
        <button type="button" className="button button--secondary button--small" onClick={onEdit} aria-label={`Modifier la trame « ${cycle.name} »`}>
          Modifier
        </button>
        {confirming ? (
          <>
            <button
              type="button"
              className="button button--small"
              onClick={() => {
                setConfirming(false)
                onDelete()
              }}
            >
              Confirmer la suppression de « {cycle.name} »
            </button>
            <button type="button" className="button button--secondary button--small" onClick={() => setConfirming(false)}>
              Annuler
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => setConfirming(true)}
            aria-label={`Supprimer la trame « ${cycle.name} »`}
          >
            Supprimer
          </button>
        )}
      </div>
      <div className="table-scroll">
        <table className="table cycle-table" aria-labelledby={`${id}-name`}>
          <thead>
            <tr>
              <th scope="col">Ligne</th>
              {WEEKDAY_LABELS.map((d) => (
                <th key={d} scope="col">
                  <abbr title={d}>{d.slice(0, 3)}.</abbr>
                </th>
              ))}
              <th scope="col">Heures</th>
              <th scope="col">Agents sur cette ligne cette semaine</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: cycle.weeks }, (_, i) => i + 1).map((line) => {
              const days = lineDays(cycle.pattern, line)
              const people = followers.filter((a) => lineOn(cycle, a, week) === line).map((a) => data.staff.find((p) => p.id === a.staffId))
              return (
                <tr key={line}>
                  <th scope="row">{line}</th>
                  {days.map((code, d) => (
                    <td key={d} className={code ? `cycle__day ${shiftClass(code)}` : 'cycle__day cycle__day--off'}>
                      {code ?? (
                        <>
                          <span aria-hidden="true">·</span>
                          <span className="visually-hidden">repos</span>
                        </>
                      )}
                    </td>
                  ))}
                  <td>{hoursText(lineMinutes(days, shifts))}</td>
                  <td>{people.length === 0 ? '—' : people.map(personName).join(', ')}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </div>
  )
}

const emptyPattern = (weeks: number, from: (string | null)[] = []) => Array.from({ length: weeks * 7 }, (_, i) => from[i] ?? null)

/**
 * Éditeur visuel d'une trame, nouvelle ou existante (`editing`) : une grille de listes
 * (semaines × jours).
 */
function CycleEditor({
  unitId,
  shifts,
  editing,
  onSaved,
  onCancel,
}: {
  unitId: string
  shifts: ShiftTypeRow[]
  editing: WorkCycle | null
  onSaved: (c: WorkCycle) => void
  onCancel: () => void
}) {
  const manager = useSessionManager()
  const id = useId()
  const [name, setName] = useState(editing?.name ?? '')
  const [weeks, setWeeks] = useState(editing?.weeks ?? 2)
  const [pattern, setPattern] = useState<(string | null)[]>(emptyPattern(editing?.weeks ?? 2, editing?.pattern ?? []))
  useEffect(() => {
    if (editing) nameInput.current?.focus()
  }, [editing])
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [general, setGeneral] = useState<string | null>(null)
  const nameInput = useRef<HTMLInputElement>(null)

  const changeWeeks = (value: number) => {
    setWeeks(value)
    setPattern((p) => emptyPattern(value, p))
  }
  const setDay = (index: number, code: string) => setPattern((p) => p.map((c, i) => (i === index ? code || null : c)))
  const copyFirstWeek = () => setPattern((p) => p.map((_, i) => p[i % 7]))

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setGeneral(null)
    if (name.trim() === '') {
      setErrors({ name: 'Indiquez le nom de la trame.' })
      nameInput.current?.focus()
      return
    }
    setErrors({})
    try {
      if (editing) {
        const variables: UpdateCycleVariables = { id: editing.id, name: name.trim(), weeks, pattern }
        const { updateWorkCycle } = await manager.request<{ updateWorkCycle: WorkCycle }>(UPDATE_CYCLE_MUTATION, { ...variables })
        onSaved(updateWorkCycle)
      } else {
        const variables: CreateCycleVariables = { unitId, name: name.trim(), weeks, pattern }
        const { createWorkCycle } = await manager.request<{ createWorkCycle: WorkCycle }>(CREATE_CYCLE_MUTATION, { ...variables })
        setName('')
        setPattern(emptyPattern(weeks))
        onSaved(createWorkCycle)
      }
    } catch (e) {
      const found = formErrors(e, ['name', 'weeks', 'pattern'])
      setErrors(found.fields)
      setGeneral(found.general)
    }
  }

  return (
    <section className="panel panel--wide" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{editing ? `Modifier la trame « ${editing.name} »` : 'Nouvelle trame'}</h2>
      <form noValidate onSubmit={(e) => void submit(e)}>
        <div className="setup-form">
          <div className="field">
            <label htmlFor={`${id}-name`}>Nom de la trame</label>
            <input
              id={`${id}-name`}
              ref={nameInput}
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={errors.name ? true : undefined}
              aria-describedby={errors.name ? `${id}-name-error` : undefined}
            />
            {errors.name && (
              <p id={`${id}-name-error`} className="field__error">
                {errors.name}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor={`${id}-weeks`}>Nombre de semaines</label>
            <select id={`${id}-weeks`} value={weeks} onChange={(e) => changeWeeks(Number(e.target.value))}>
              {Array.from({ length: 12 }, (_, i) => i + 1).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="table-scroll">
          <table className="table cycle-table cycle-editor" aria-describedby={errors.pattern ? `${id}-pattern-error` : undefined}>
            <caption className="visually-hidden">Postes de la trame, une ligne par semaine</caption>
            <thead>
              <tr>
                <th scope="col">Semaine</th>
                {WEEKDAY_LABELS.map((d) => (
                  <th key={d} scope="col">
                    {d}
                  </th>
                ))}
                <th scope="col">Heures</th>
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: weeks }, (_, w) => (
                <tr key={w}>
                  <th scope="row">{w + 1}</th>
                  {WEEKDAY_LABELS.map((day, d) => {
                    const index = w * 7 + d
                    const code = pattern[index]
                    return (
                      <td key={day} className={code ? shiftClass(code) : undefined}>
                        <select aria-label={`Semaine ${w + 1}, ${day}`} value={code ?? ''} onChange={(e) => setDay(index, e.target.value)}>
                          <option value="">Repos</option>
                          {shifts.map((s) => (
                            <option key={s.id} value={s.code}>
                              {s.code}
                            </option>
                          ))}
                        </select>
                      </td>
                    )
                  })}
                  <td>{hoursText(lineMinutes(pattern.slice(w * 7, w * 7 + 7), shifts))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {errors.pattern && (
          <p id={`${id}-pattern-error`} className="field__error">
            {errors.pattern}
          </p>
        )}
        {general && (
          <p role="alert" className="notice notice--error">
            {general}
          </p>
        )}
        <div className="actions">
          {weeks > 1 && (
            <button type="button" className="button button--secondary" onClick={copyFirstWeek}>
              Recopier la semaine 1 sur toutes les semaines
            </button>
          )}
          {editing && (
            <button type="button" className="button button--secondary" onClick={onCancel}>
              Annuler la modification
            </button>
          )}
          <button type="submit" className="button">
            {editing ? 'Enregistrer les modifications' : 'Enregistrer la trame'}
          </button>
        </div>
      </form>
    </section>
  )
}

/** Place un agent sur une ligne d'une trame, à partir d'un lundi. */
function AssignForm({ data, onAssigned }: { data: UnitData; onAssigned: (p: CycleStaff | undefined, c: WorkCycle, line: number) => void }) {
  const manager = useSessionManager()
  const id = useId()
  const [staffId, setStaffId] = useState(data.staff[0]?.id ?? '')
  const [cycleId, setCycleId] = useState(data.cycles[0]?.id ?? '')
  const [line, setLine] = useState(1)
  const [startDate, setStartDate] = useState(mondayOf(today()))
  const [endDate, setEndDate] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [general, setGeneral] = useState<string | null>(null)
  const cycle = useMemo(() => data.cycles.find((c) => c.id === cycleId), [data.cycles, cycleId])

  if (data.cycles.length === 0 || data.staff.length === 0) return null

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setGeneral(null)
    const local: Record<string, string> = {}
    if (!/^\d{4}-\d{2}-\d{2}$/.test(startDate)) local.startDate = 'Indiquez le lundi de début.'
    else if (mondayOf(startDate) !== startDate) local.startDate = `Un lundi est attendu (le lundi de cette semaine est le ${longDate(mondayOf(startDate))}).`
    if (endDate && endDate < startDate) local.endDate = 'La fin doit suivre le début.'
    setErrors(local)
    if (Object.keys(local).length > 0 || !cycle) return
    const variables: AssignCycleVariables = { staffId, cycleId, startDate, line, endDate: endDate || null }
    try {
      await manager.request(ASSIGN_CYCLE_MUTATION, { ...variables })
      onAssigned(
        data.staff.find((p) => p.id === staffId),
        cycle,
        line,
      )
    } catch (e) {
      const found = formErrors(e, ['startDate', 'endDate', 'line', 'cycleId'])
      setErrors(found.fields)
      setGeneral(found.general)
    }
  }

  const fieldError = (name: string) =>
    errors[name] ? (
      <p id={`${id}-${name}-error`} className="field__error">
        {errors[name]}
      </p>
    ) : null
  const described = (name: string) => (errors[name] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${name}-error` } : {})

  return (
    <>
      <section className="panel panel--wide" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>Placer un agent sur une trame</h2>
        <form className="setup-form" noValidate onSubmit={(e) => void submit(e)}>
          <div className="field">
            <label htmlFor={`${id}-staff`}>Agent</label>
            <select id={`${id}-staff`} value={staffId} onChange={(e) => setStaffId(e.target.value)}>
              {data.staff.map((p) => (
                <option key={p.id} value={p.id}>
                  {personName(p)} ({p.profession})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-cycle`}>Trame</label>
            <select
              id={`${id}-cycle`}
              value={cycleId}
              onChange={(e) => {
                setCycleId(e.target.value)
                setLine(1)
              }}
              {...described('cycleId')}
            >
              {data.cycles.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
            {fieldError('cycleId')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-line`}>Ligne la semaine de début</label>
            <select id={`${id}-line`} value={line} onChange={(e) => setLine(Number(e.target.value))} {...described('line')}>
              {Array.from({ length: cycle?.weeks ?? 1 }, (_, i) => i + 1).map((n) => (
                <option key={n} value={n}>
                  Ligne {n}
                  {n > 1 ? ` (décalage de ${n - 1} semaine${n > 2 ? 's' : ''})` : ''}
                </option>
              ))}
            </select>
            {fieldError('line')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-start`}>À partir du (lundi)</label>
            <input id={`${id}-start`} type="date" value={startDate} onChange={(e) => setStartDate(e.target.value)} {...described('startDate')} />
            {fieldError('startDate')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-end`}>Jusqu’au (facultatif)</label>
            <input id={`${id}-end`} type="date" value={endDate} onChange={(e) => setEndDate(e.target.value)} {...described('endDate')} />
            {fieldError('endDate')}
          </div>
          {general && (
            <p role="alert" className="notice notice--error setup-form__actions">
              {general}
            </p>
          )}
          <div className="actions setup-form__actions">
            <button type="submit" className="button">
              Placer l’agent
            </button>
          </div>
        </form>
      </section>
      <section className="panel panel--wide" aria-labelledby={`${id}-people`}>
        <h2 id={`${id}-people`}>Agents et trames</h2>
        {data.assignments.length === 0 ? (
          <p className="notice notice--info">Aucun agent de l’unité ne suit de trame.</p>
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Agent</th>
                  <th scope="col">Trame</th>
                  <th scope="col">Ligne cette semaine</th>
                  <th scope="col">Première semaine du cycle</th>
                  <th scope="col">Fin</th>
                </tr>
              </thead>
              <tbody>
                {data.assignments.map((a) => {
                  const c = data.cycles.find((x) => x.id === a.cycleId)
                  const current = c ? lineOn(c, a, mondayOf(today())) : null
                  return (
                    <tr key={a.id}>
                      <th scope="row">{personName(data.staff.find((p) => p.id === a.staffId))}</th>
                      <td>{c?.name ?? 'trame d’une autre unité'}</td>
                      <td>{current === null ? 'pas cette semaine' : `ligne ${current}`}</td>
                      <td>{longDate(a.anchorDate)}</td>
                      <td>{a.endDate ? longDate(a.endDate) : 'sans fin'}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  )
}
