/**
 * « Saisie des compteurs » : ce que la pointeuse ou les RH savent et que le planning ignore —
 * le temps réellement travaillé d'une période (et ses heures supplémentaires), les congés pris
 * et le solde du compte épargne-temps. Le cadre saisit le réalisé des agents de ses unités ; les
 * RH saisissent tout. Les valeurs nourrissent « Mes compteurs » et les alertes du moteur.
 */
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react'
import { isGraphQLRequestError } from '../api/graphql.ts'
import { useSession, useSessionManager } from '../auth/SessionContext.tsx'
import { longDate, today } from '../planning/calendar.ts'
import { errorText } from '../planning/labels.ts'
import {
  COUNTER_SOURCE_LABELS,
  RECORDED_COUNTERS_QUERY,
  RECORD_LEAVE_TAKEN_MUTATION,
  RECORD_WORKED_TIME_MUTATION,
  SET_CET_BALANCE_MUTATION,
  hoursText,
  parseHours,
  type RecordedCounter,
  type RecordedCountersData,
} from './counterEntryApi.ts'
import { formErrors } from './formErrors.ts'
import { SETUP_UNITS_QUERY, STAFF_LIST_QUERY, type SetupUnit, type SetupUnitsData, type StaffListData, type StaffRow } from './setupApi.ts'
import { useUnitChoice } from './useUnitChoice.ts'

const PERIOD_FIELDS = ['periodStart', 'periodEnd'] as const

/** Le mois précédent, du premier au dernier jour : la période qu'on saisit d'habitude. */
export function previousMonth(day: string): { start: string; end: string } {
  const [y, m] = day.split('-').map(Number)
  const start = new Date(Date.UTC(y, m - 2, 1))
  const end = new Date(Date.UTC(y, m - 1, 0))
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

export function CounterEntryPage() {
  const manager = useSessionManager()
  const session = useSession()
  const isHr = session.status === 'authenticated' && session.user.role === 'hr'
  const id = useId()
  const [units, setUnits] = useState<SetupUnit[] | null>(null)
  const { visible, unitId, setUnitId, forbid } = useUnitChoice(units ?? [])
  const [people, setPeople] = useState<StaffRow[] | null>(null)
  const [staffId, setStaffId] = useState('')
  const [period, setPeriod] = useState(() => previousMonth(today()))
  const [periodErrors, setPeriodErrors] = useState<Record<string, string>>({})
  const [counters, setCounters] = useState<RecordedCounter[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [reload, setReload] = useState(0)

  useEffect(() => {
    manager
      .request<SetupUnitsData>(SETUP_UNITS_QUERY)
      .then((d) => setUnits(d.units.nodes))
      .catch((e) => setError(errorText(e)))
  }, [manager])

  useEffect(() => {
    if (!unitId) return
    let live = true
    setPeople(null)
    manager
      .request<StaffListData>(STAFF_LIST_QUERY, { unitId, first: 100 })
      .then((d) => {
        if (!live) return
        setPeople(d.staffMembers.nodes)
        setStaffId((s) => (d.staffMembers.nodes.some((p) => p.id === s) ? s : (d.staffMembers.nodes[0]?.id ?? '')))
      })
      .catch((e) => {
        if (!live) return
        // A unit listed by the GHT but outside the viewer's units: dropped from the choice.
        if (isGraphQLRequestError(e) && e.code === 'FORBIDDEN' && forbid(unitId)) return
        setError(errorText(e))
      })
    return () => {
      live = false
    }
    // `forbid` changes with the units left; reloading on it would repeat the request.
  }, [manager, unitId])

  const periodValid = ISO_DATE.test(period.start) && ISO_DATE.test(period.end) && period.start <= period.end
  useEffect(() => {
    if (!staffId || !periodValid) {
      setCounters(null)
      return
    }
    let live = true
    setCounters(null)
    manager
      .request<RecordedCountersData>(RECORDED_COUNTERS_QUERY, { staffId, from: period.start, to: period.end })
      .then((d) => live && setCounters(d.recordedCounters))
      .catch((e) => live && setError(errorText(e)))
    return () => {
      live = false
    }
  }, [manager, staffId, period, periodValid, reload])

  const person = people?.find((p) => p.id === staffId)
  const personName = person ? `${person.lastName ?? ''} ${person.firstName ?? ''}`.trim() : ''

  /** Local check of the period shared by the three forms; its errors land next to its fields. */
  const checkPeriod = (): boolean => {
    const found: Record<string, string> = {}
    if (!ISO_DATE.test(period.start)) found.periodStart = 'Indiquez le premier jour de la période.'
    if (!ISO_DATE.test(period.end)) found.periodEnd = 'Indiquez le dernier jour de la période.'
    else if (period.start > period.end) found.periodEnd = 'La fin précède le début de la période.'
    setPeriodErrors(found)
    const first = PERIOD_FIELDS.find((f) => found[f])
    if (first) document.getElementById(`${id}-${first}`)?.focus()
    return first === undefined
  }

  const saved = (what: string) => {
    setStatus(`${what} enregistré pour ${personName}, du ${longDate(period.start)} au ${longDate(period.end)}.`)
    setPeriodErrors({})
    setReload((n) => n + 1)
  }

  const periodInput = (field: (typeof PERIOD_FIELDS)[number], label: string, key: 'start' | 'end') => (
    <div className="field">
      <label htmlFor={`${id}-${field}`}>{label}</label>
      <input
        id={`${id}-${field}`}
        type="date"
        value={period[key]}
        onChange={(e) => setPeriod((p) => ({ ...p, [key]: e.target.value }))}
        aria-invalid={periodErrors[field] ? true : undefined}
        aria-describedby={periodErrors[field] ? `${id}-${field}-error` : undefined}
      />
      {periodErrors[field] && (
        <p id={`${id}-${field}-error`} className="field__error">
          {periodErrors[field]}
        </p>
      )}
    </div>
  )

  const common = { staffId, period, checkPeriod, onPeriodErrors: setPeriodErrors, onSaved: saved }

  return (
    <>
      <h1 className="page-title" tabIndex={-1}>
        Saisie des compteurs
      </h1>
      <p className="page-intro">
        {isHr
          ? 'Le temps réellement travaillé d’une période, les congés pris et le solde du compte épargne-temps d’un agent. Ces valeurs alimentent ses compteurs et les alertes du planning.'
          : 'Le temps réellement travaillé (réalisé) par les agents de vos unités sur une période. Les congés et le compte épargne-temps sont saisis par les ressources humaines.'}
      </p>
      <div role="status" className="results-live">
        {status && <p className="notice notice--ok">{status}</p>}
      </div>
      {error && (
        <p role="alert" className="notice notice--error">
          {error}
        </p>
      )}
      <section className="panel panel--wide" aria-labelledby={`${id}-who`}>
        <h2 id={`${id}-who`}>Agent et période</h2>
        {units === null && !error && <p className="notice notice--info">Chargement des unités…</p>}
        {units && (
          <div className="setup-form">
            <div className="field">
              <label htmlFor={`${id}-unit`}>Unité</label>
              <select id={`${id}-unit`} value={unitId} onChange={(e) => setUnitId(e.target.value)}>
                {visible.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.code} — {u.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-staff`}>Agent</label>
              <select id={`${id}-staff`} value={staffId} onChange={(e) => setStaffId(e.target.value)} disabled={!people || people.length === 0}>
                {people?.map((p) => (
                  <option key={p.id} value={p.id}>
                    {`${p.lastName ?? ''} ${p.firstName ?? ''}`.trim()} ({p.profession})
                  </option>
                ))}
              </select>
            </div>
            {periodInput('periodStart', 'Du', 'start')}
            {periodInput('periodEnd', 'Au (inclus)', 'end')}
          </div>
        )}
        {unitId && people === null && !error && <p className="notice notice--info">Chargement des agents…</p>}
        {people && people.length === 0 && <p className="notice notice--info">Aucun agent dans cette unité.</p>}
      </section>
      {staffId && person && (
        <>
          <RecordedTable counters={counters} name={personName} loading={periodValid && counters === null && !error} />
          <WorkedTimeForm {...common} />
          {isHr && <LeaveForm {...common} />}
          {isHr && <CetForm {...common} />}
        </>
      )}
    </>
  )
}

function RecordedTable({ counters, name, loading }: { counters: RecordedCounter[] | null; name: string; loading: boolean }) {
  const id = useId()
  return (
    <section className="panel panel--wide" aria-labelledby={id} aria-busy={loading}>
      <h2 id={id}>Compteurs enregistrés</h2>
      {loading && <p className="notice notice--info">Chargement des compteurs…</p>}
      {counters && counters.length === 0 && <p className="notice notice--info">Rien d’enregistré pour {name} sur cette période.</p>}
      {counters && counters.length > 0 && (
        <div className="table-scroll">
          <table className="table">
            <caption className="visually-hidden">Compteurs enregistrés de {name}, période par période</caption>
            <thead>
              <tr>
                <th scope="col">Période</th>
                <th scope="col">Origine</th>
                <th scope="col">Heures planifiées</th>
                <th scope="col">Temps travaillé</th>
                <th scope="col">Dont heures sup.</th>
                <th scope="col">Congés pris</th>
                <th scope="col">Solde CET</th>
              </tr>
            </thead>
            <tbody>
              {counters.map((c) => (
                <tr key={c.id} data-counter={`${c.periodStart}|${c.periodEnd}`}>
                  <th scope="row">
                    du {longDate(c.periodStart)} au {longDate(c.periodEnd)}
                  </th>
                  <td>{COUNTER_SOURCE_LABELS[c.source] ?? c.source}</td>
                  <td>{hoursText(c.plannedMinutes)}</td>
                  <td>{c.source === 'realised' ? hoursText(c.workedMinutes) : '—'}</td>
                  <td>{c.source === 'realised' ? hoursText(c.overtimeMinutes) : '—'}</td>
                  <td>{c.leaveDaysTaken} j</td>
                  <td>{c.cetRecorded ? `${c.cetDaysBalance} j` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

interface EntryProps {
  staffId: string
  period: { start: string; end: string }
  checkPeriod: () => boolean
  onPeriodErrors: (errors: Record<string, string>) => void
  onSaved: (what: string) => void
}

/** One entry form: its fields, local checks, the mutation, the server's errors by field. */
function EntryForm({
  title,
  submitLabel,
  fields,
  check,
  send,
  known,
  what,
  ...props
}: EntryProps & {
  title: string
  submitLabel: string
  fields: (errors: Record<string, string>, id: string) => ReactNode
  check: () => Record<string, string>
  send: () => Promise<unknown>
  known: string[]
  what: string
}) {
  const id = useId()
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [general, setGeneral] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (saving) return
    setGeneral(null)
    const local = check()
    setErrors(local)
    if (!props.checkPeriod()) return
    const first = Object.keys(local)[0]
    if (first) {
      document.getElementById(`${id}-${first}`)?.focus()
      return
    }
    setSaving(true)
    try {
      await send()
      props.onSaved(what)
    } catch (e) {
      const found = formErrors(e, [...known, ...PERIOD_FIELDS])
      const period = Object.fromEntries(Object.entries(found.fields).filter(([k]) => (PERIOD_FIELDS as readonly string[]).includes(k)))
      const own = Object.fromEntries(Object.entries(found.fields).filter(([k]) => known.includes(k)))
      props.onPeriodErrors(period)
      setErrors(own)
      setGeneral(found.general)
      const target = Object.keys(own)[0]
      if (target) document.getElementById(`${id}-${target}`)?.focus()
    } finally {
      setSaving(false)
    }
  }

  return (
    <section className="panel panel--wide" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <form className="setup-form" noValidate onSubmit={(e) => void submit(e)}>
        {fields(errors, id)}
        {general && (
          <p role="alert" className="notice notice--error setup-form__actions">
            {general}
          </p>
        )}
        <div className="actions setup-form__actions">
          <button type="submit" className="button" aria-disabled={saving}>
            {submitLabel}
          </button>
        </div>
      </form>
    </section>
  )
}

function NumberField(props: { id: string; name: string; label: string; hint?: string; value: string; onChange: (v: string) => void; error?: string }) {
  const described = [props.hint ? `${props.id}-${props.name}-hint` : '', props.error ? `${props.id}-${props.name}-error` : ''].filter(Boolean).join(' ')
  return (
    <div className="field">
      <label htmlFor={`${props.id}-${props.name}`}>{props.label}</label>
      {props.hint && (
        <p id={`${props.id}-${props.name}-hint`} className="field__hint">
          {props.hint}
        </p>
      )}
      <input
        id={`${props.id}-${props.name}`}
        inputMode="decimal"
        autoComplete="off"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described || undefined}
      />
      {props.error && (
        <p id={`${props.id}-${props.name}-error`} className="field__error">
          {props.error}
        </p>
      )}
    </div>
  )
}

const HOURS_HINT = 'En heures : 151, 151,5 ou 151:30.'

function WorkedTimeForm(props: EntryProps) {
  const manager = useSessionManager()
  const [worked, setWorked] = useState('')
  const [overtime, setOvertime] = useState('0')
  const minutes = () => ({ worked: parseHours(worked), overtime: overtime.trim() === '' ? 0 : parseHours(overtime) })
  return (
    <EntryForm
      {...props}
      title="Temps travaillé (réalisé)"
      submitLabel="Enregistrer le temps travaillé"
      what="Temps travaillé"
      known={['workedMinutes', 'overtimeMinutes']}
      check={() => {
        const m = minutes()
        const found: Record<string, string> = {}
        if (m.worked === null) found.workedMinutes = `Indiquez une durée. ${HOURS_HINT}`
        if (m.overtime === null) found.overtimeMinutes = `Durée illisible. ${HOURS_HINT}`
        else if (m.worked !== null && m.overtime > m.worked) found.overtimeMinutes = 'Pas plus que le temps travaillé.'
        return found
      }}
      send={() => {
        const m = minutes()
        return manager.request(RECORD_WORKED_TIME_MUTATION, {
          staffId: props.staffId,
          periodStart: props.period.start,
          periodEnd: props.period.end,
          workedMinutes: m.worked ?? 0,
          overtimeMinutes: m.overtime ?? 0,
        })
      }}
      fields={(errors, id) => (
        <>
          <NumberField id={id} name="workedMinutes" label="Temps travaillé" hint={HOURS_HINT} value={worked} onChange={setWorked} error={errors.workedMinutes} />
          <NumberField id={id} name="overtimeMinutes" label="Dont heures supplémentaires" hint={HOURS_HINT} value={overtime} onChange={setOvertime} error={errors.overtimeMinutes} />
        </>
      )}
    />
  )
}

const wholeDays = (text: string) => (/^\d{1,3}$/.test(text.trim()) ? Number(text.trim()) : null)

function LeaveForm(props: EntryProps) {
  const manager = useSessionManager()
  const [days, setDays] = useState('')
  return (
    <EntryForm
      {...props}
      title="Congés pris"
      submitLabel="Enregistrer les congés pris"
      what="Congés pris"
      known={['leaveDaysTaken']}
      check={(): Record<string, string> => (wholeDays(days) === null ? { leaveDaysTaken: 'Un nombre entier de jours.' } : {})}
      send={() =>
        manager.request(RECORD_LEAVE_TAKEN_MUTATION, {
          staffId: props.staffId,
          periodStart: props.period.start,
          periodEnd: props.period.end,
          leaveDaysTaken: wholeDays(days) ?? 0,
        })
      }
      fields={(errors, id) => <NumberField id={id} name="leaveDaysTaken" label="Jours de congé pris sur la période" value={days} onChange={setDays} error={errors.leaveDaysTaken} />}
    />
  )
}

function CetForm(props: EntryProps) {
  const manager = useSessionManager()
  const [days, setDays] = useState('')
  return (
    <EntryForm
      {...props}
      title="Compte épargne-temps"
      submitLabel="Enregistrer le solde du CET"
      what="Solde du compte épargne-temps"
      known={['cetDaysBalance']}
      check={(): Record<string, string> => (wholeDays(days) === null ? { cetDaysBalance: 'Un nombre entier de jours.' } : {})}
      send={() =>
        manager.request(SET_CET_BALANCE_MUTATION, {
          staffId: props.staffId,
          periodStart: props.period.start,
          periodEnd: props.period.end,
          cetDaysBalance: wholeDays(days) ?? 0,
        })
      }
      fields={(errors, id) => (
        <NumberField
          id={id}
          name="cetDaysBalance"
          label="Solde en fin de période (jours)"
          hint="Le plafond réglementaire est de 60 jours."
          value={days}
          onChange={setDays}
          error={errors.cetDaysBalance}
        />
      )}
    />
  )
}
