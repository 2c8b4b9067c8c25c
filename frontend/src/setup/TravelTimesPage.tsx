/**
 * « Temps de trajet » (paramétrage) : les minutes entre deux établissements du GHT (dans les
 * deux sens), que le moteur compte quand un agent change de site dans la journée. Lecture pour
 * l'encadrement, saisie par l'administration du GHT.
 */
import { useEffect, useId, useState, type FormEvent } from 'react'
import { useSession, useSessionManager } from '../auth/SessionContext.tsx'
import { errorText } from '../planning/labels.ts'
import { formErrors } from './formErrors.ts'
import { SET_TRAVEL_TIME_MUTATION, TRAVEL_TIMES_QUERY, type SetTravelTimeVariables, type TravelTime, type TravelTimesData } from './parametersApi.ts'
import { SETUP_ESTABLISHMENTS_QUERY, type SetupEstablishment, type SetupEstablishmentsData } from './setupApi.ts'

export function minutesText(minutes: number): string {
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')}`
}

export function TravelTimesPage() {
  const manager = useSessionManager()
  const session = useSession()
  const canEdit = session.status === 'authenticated' && session.user.role === 'ght_admin'
  const [sites, setSites] = useState<SetupEstablishment[] | null>(null)
  const [times, setTimes] = useState<TravelTime[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [reload, setReload] = useState(0)
  const id = useId()

  useEffect(() => {
    let live = true
    ;(async () => {
      const { establishments } = await manager.request<SetupEstablishmentsData>(SETUP_ESTABLISHMENTS_QUERY)
      const { travelTimes } = await manager.request<TravelTimesData>(TRAVEL_TIMES_QUERY)
      return { sites: establishments.nodes, times: travelTimes }
    })()
      .then((d) => {
        if (!live) return
        setSites(d.sites)
        setTimes(d.times)
        setError(null)
      })
      .catch((e) => live && setError(errorText(e)))
    return () => {
      live = false
    }
  }, [manager, reload])

  const minutes = (from: string, to: string) => times?.find((t) => t.fromSiteId === from && t.toSiteId === to)?.minutes
  const siteName = (siteId: string) => sites?.find((s) => s.id === siteId)?.name ?? 'établissement inconnu'

  return (
    <>
      <h1 className="page-title" tabIndex={-1}>
        Temps de trajet
      </h1>
      <p className="page-intro">
        Le temps de trajet entre deux établissements du GHT, dans les deux sens. Le moteur le réserve quand un agent enchaîne
        deux sites dans la journée.
      </p>
      <div role="status" className="results-live">
        {status && <p className="notice notice--ok">{status}</p>}
      </div>
      {error && (
        <p role="alert" className="notice notice--error">
          {error}
        </p>
      )}
      <section className="panel panel--wide" aria-labelledby={`${id}-matrix`} aria-busy={sites === null && !error}>
        <h2 id={`${id}-matrix`}>Temps entre établissements</h2>
        {sites === null && !error && <p className="notice notice--info">Chargement des temps de trajet…</p>}
        {sites && sites.length < 2 && <p className="notice notice--info">Le GHT n’a qu’un établissement : aucun trajet à renseigner.</p>}
        {sites && sites.length >= 2 && times && times.length === 0 && (
          <p className="notice notice--info">Aucun temps de trajet renseigné : le moteur n’en compte aucun entre les sites.</p>
        )}
        {sites && sites.length >= 2 && (
          <div className="table-scroll">
            <table className="table travel-table">
              <caption className="visually-hidden">Temps de trajet, en ligne l’établissement de départ, en colonne celui d’arrivée</caption>
              <thead>
                <tr>
                  <th scope="col">Départ \ arrivée</th>
                  {sites.map((s) => (
                    <th key={s.id} scope="col">
                      {s.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {sites.map((from) => (
                  <tr key={from.id}>
                    <th scope="row">{from.name}</th>
                    {sites.map((to) => {
                      const m = minutes(from.id, to.id)
                      return (
                        <td key={to.id} data-travel={`${from.id}|${to.id}`}>
                          {from.id === to.id ? '—' : m === undefined ? 'non renseigné' : minutesText(m)}
                        </td>
                      )
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {sites && sites.length >= 2 &&
        (canEdit ? (
          <TravelForm
            sites={sites}
            onSaved={(t) => {
              setStatus(`Trajet ${siteName(t.fromSiteId)} ↔ ${siteName(t.toSiteId)} : ${minutesText(t.minutes)}.`)
              setReload((n) => n + 1)
            }}
          />
        ) : (
          <p className="notice notice--info">Seule l’administration du GHT modifie les temps de trajet.</p>
        ))}
    </>
  )
}

function TravelForm({ sites, onSaved }: { sites: SetupEstablishment[]; onSaved: (t: TravelTime) => void }) {
  const manager = useSessionManager()
  const id = useId()
  const [from, setFrom] = useState(sites[0].id)
  const [to, setTo] = useState(sites[1].id)
  const [minutes, setMinutes] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [general, setGeneral] = useState<string | null>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setGeneral(null)
    const n = Number(minutes)
    const local: Record<string, string> = {}
    if (from === to) local.toSiteId = 'Choisissez deux établissements différents.'
    if (minutes.trim() === '' || !Number.isInteger(n) || n < 0 || n > 600) local.minutes = 'Un nombre entier de minutes, de 0 à 600.'
    setErrors(local)
    if (Object.keys(local).length > 0) {
      document.getElementById(`${id}-${Object.keys(local)[0]}`)?.focus()
      return
    }
    const variables: SetTravelTimeVariables = { fromSiteId: from, toSiteId: to, minutes: n }
    try {
      const { setTravelTime } = await manager.request<{ setTravelTime: TravelTime }>(SET_TRAVEL_TIME_MUTATION, { ...variables })
      setMinutes('')
      onSaved(setTravelTime)
    } catch (e) {
      const found = formErrors(e, ['toSiteId', 'minutes'])
      setErrors(found.fields)
      setGeneral(found.general)
    }
  }

  const errorOf = (name: string) =>
    errors[name] ? (
      <p id={`${id}-${name}-error`} className="field__error">
        {errors[name]}
      </p>
    ) : null
  const invalid = (name: string) => (errors[name] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${name}-error` } : {})

  return (
    <section className="panel panel--wide" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Renseigner un trajet</h2>
      <form className="setup-form" noValidate onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor={`${id}-fromSiteId`}>De</label>
          <select id={`${id}-fromSiteId`} value={from} onChange={(e) => setFrom(e.target.value)}>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-toSiteId`}>Vers</label>
          <select id={`${id}-toSiteId`} value={to} onChange={(e) => setTo(e.target.value)} {...invalid('toSiteId')}>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          {errorOf('toSiteId')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-minutes`}>Durée (minutes)</label>
          <input id={`${id}-minutes`} inputMode="numeric" value={minutes} onChange={(e) => setMinutes(e.target.value)} {...invalid('minutes')} />
          {errorOf('minutes')}
        </div>
        {general && (
          <p role="alert" className="notice notice--error setup-form__actions">
            {general}
          </p>
        )}
        <div className="actions setup-form__actions">
          <button type="submit" className="button">
            Enregistrer le trajet
          </button>
        </div>
      </form>
    </section>
  )
}
