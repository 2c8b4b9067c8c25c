/**
 * « Mon planning » (agent, pensé pour le téléphone) : mes postes publiés des deux mois à
 * venir (chacun avec « Pourquoi moi ? »), mes compteurs et le planning en iCalendar, la saisie d'un souhait (desiderata) et mes
 * notifications de changement.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react'
import { useSessionManager } from '../auth/SessionContext.tsx'
import { addDays, longDate, minutesToTime, today } from '../planning/calendar.ts'
import { REASON_LABELS, errorText } from '../planning/labels.ts'
import type { ReasonCode } from '../planning/planningApi.ts'
import { shiftClass } from '../planning/shiftColours.ts'
import { MyCounters } from './MyCounters.tsx'
import { WhyMe } from './WhyMe.tsx'
import {
  DELETE_WISH_MUTATION,
  MY_NOTIFICATIONS_QUERY,
  MY_SHIFTS_QUERY,
  MY_SHIFT_TYPES_QUERY,
  MY_STAFF_QUERY,
  MY_WISHES_QUERY,
  SUBMIT_WISH_MUTATION,
  type MyStaffData,
  type MyPlanningData,
  type SubmitWishVariables,
} from './myPlanningApi.ts'

const HORIZON_DAYS = 61

export function MyPlanningPage() {
  const manager = useSessionManager()
  const [data, setData] = useState<MyPlanningData | null>(null)
  const [error, setError] = useState<string | null>(null)
  const from = today()
  const to = addDays(from, HORIZON_DAYS)

  const load = useCallback(
    () =>
      (async (): Promise<MyPlanningData> => {
        const { shiftTypes } = await manager.request<Pick<MyPlanningData, 'shiftTypes'>>(MY_SHIFT_TYPES_QUERY)
        const { myShifts } = await manager.request<Pick<MyPlanningData, 'myShifts'>>(MY_SHIFTS_QUERY, { from, to })
        const { myDesiderata } = await manager.request<Pick<MyPlanningData, 'myDesiderata'>>(MY_WISHES_QUERY)
        const { myNotifications } = await manager.request<Pick<MyPlanningData, 'myNotifications'>>(MY_NOTIFICATIONS_QUERY)
        const { me } = await manager.request<MyStaffData>(MY_STAFF_QUERY)
        return { shiftTypes, myShifts, myDesiderata, myNotifications, staffId: me.staffId ?? null }
      })()
        .then(setData)
        .catch((e) => setError(errorText(e))),
    [manager, from, to],
  )
  useEffect(() => {
    void load()
  }, [load])

  const shift = (id: string | null | undefined) => data?.shiftTypes.find((s) => s.id === id)

  return (
    <div className="staff-page">
      <h1 className="page-title" tabIndex={-1}>
        Mon planning
      </h1>
      {error && (
        <div className="notice notice--error" role="alert">
          <p>{error}</p>
        </div>
      )}
      {!data && !error && <p role="status">Chargement de votre planning…</p>}
      {data && (
        <>
          <section className="panel" aria-labelledby="my-shifts">
            <h2 id="my-shifts">Mes postes publiés</h2>
            {data.myShifts.length === 0 ? (
              <p>Aucun poste publié du {longDate(from)} au {longDate(to)}.</p>
            ) : (
              <ul className="my-shifts">
                {[...data.myShifts]
                  .sort((a, b) => a.date.localeCompare(b.date))
                  .map((a) => {
                    const s = shift(a.shiftTypeId)
                    return (
                      <li key={`${a.date}-${a.shiftTypeId}`}>
                        <div className="my-shifts__row">
                          <span className={`my-shifts__code ${s ? shiftClass(s.code) : ''}`}>{s?.code ?? '?'}</span>
                          <span>
                            <strong>{longDate(a.date)}</strong>
                            <br />
                            {s
                              ? `${s.label}, ${minutesToTime(s.startMinute)} – ${minutesToTime(s.startMinute + s.durationMinutes)}`
                              : 'poste inconnu'}
                          </span>
                        </div>
                        <WhyMe date={a.date} shiftTypeId={a.shiftTypeId} shiftName={`${s?.label ?? 'poste'} du ${longDate(a.date)}`} />
                      </li>
                    )
                  })}
              </ul>
            )}
          </section>

          <MyCounters staffId={data.staffId} />

          <WishForm shiftTypes={data.shiftTypes} min={from} onSaved={load} />

          <section className="panel" aria-labelledby="my-wishes">
            <h2 id="my-wishes">Mes souhaits</h2>
            {data.myDesiderata.nodes.length === 0 ? (
              <p>Aucun souhait enregistré.</p>
            ) : (
              <ul className="my-wishes">
                {[...data.myDesiderata.nodes]
                  .sort((a, b) => a.date.localeCompare(b.date))
                  .map((w) => (
                    <li key={w.id}>
                      <span>
                        {longDate(w.date)} : {w.kind === 'OFF' ? 'ne pas travailler' : 'travailler'}
                        {w.shiftTypeId ? ` (${shift(w.shiftTypeId)?.label ?? 'poste'})` : ' (toute la journée)'}
                      </span>
                      <button
                        type="button"
                        className="button button--secondary"
                        aria-label={`Retirer le souhait du ${longDate(w.date)}`}
                        onClick={() =>
                          void manager
                            .request(DELETE_WISH_MUTATION, { id: w.id })
                            .then(load)
                            .catch((e) => setError(errorText(e)))
                        }
                      >
                        Retirer
                      </button>
                    </li>
                  ))}
              </ul>
            )}
          </section>

          <section className="panel" aria-labelledby="my-notifications">
            <h2 id="my-notifications">Mes notifications</h2>
            {data.myNotifications.nodes.length === 0 ? (
              <p>Aucun changement de votre planning publié.</p>
            ) : (
              <ul>
                {data.myNotifications.nodes.map((n) => (
                  <li key={n.id}>
                    Changement le {longDate(n.date)} (version {n.version})
                    {n.reasonCode ? ` — motif : ${REASON_LABELS[n.reasonCode.toUpperCase() as ReasonCode] ?? n.reasonCode}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  )
}

function WishForm({
  shiftTypes,
  min,
  onSaved,
}: {
  shiftTypes: MyPlanningData['shiftTypes']
  min: string
  onSaved: () => Promise<void>
}) {
  const manager = useSessionManager()
  const ids = { date: useId(), shift: useId(), kind: useId() }
  const [date, setDate] = useState('')
  const [shiftTypeId, setShiftTypeId] = useState('')
  const [kind, setKind] = useState<'ON' | 'OFF'>('OFF')
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [dateError, setDateError] = useState<string | null>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setMessage(null)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      setDateError('Indiquez la date du souhait.')
      return
    }
    setDateError(null)
    const variables: SubmitWishVariables = { date, shiftTypeId: shiftTypeId || null, kind }
    try {
      await manager.request(SUBMIT_WISH_MUTATION, { ...variables })
      setMessage({ ok: true, text: `Souhait enregistré pour le ${longDate(date)}.` })
      setDate('')
      await onSaved()
    } catch (error) {
      setMessage({ ok: false, text: errorText(error) })
    }
  }

  return (
    <section className="panel" aria-labelledby="wish-title">
      <h2 id="wish-title">Saisir un souhait</h2>
      <form className="form wish-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={ids.date}>Date</label>
          <input
            id={ids.date}
            type="date"
            min={min}
            value={date}
            onChange={(e) => setDate(e.target.value)}
            aria-invalid={dateError !== null}
            aria-describedby={dateError ? `${ids.date}-error` : undefined}
          />
          {dateError && (
            <p id={`${ids.date}-error`} className="field-error">
              {dateError}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={ids.kind}>Souhait</label>
          <select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value as 'ON' | 'OFF')}>
            <option value="OFF">Ne pas travailler</option>
            <option value="ON">Travailler</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.shift}>Poste</label>
          <select id={ids.shift} value={shiftTypeId} onChange={(e) => setShiftTypeId(e.target.value)}>
            <option value="">Toute la journée</option>
            {shiftTypes.map((s) => (
              <option key={s.id} value={s.id}>
                {s.code} — {s.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Enregistrer le souhait
        </button>
      </form>
      <div aria-live="polite">
        {message && (
          <div className={`notice ${message.ok ? 'notice--ok' : 'notice--error'}`} role={message.ok ? 'status' : 'alert'}>
            <p>{message.text}</p>
          </div>
        )}
      </div>
    </section>
  )
}
