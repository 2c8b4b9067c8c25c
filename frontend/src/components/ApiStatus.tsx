import { useCallback, useEffect, useState } from 'react'
import { fetchApiVersion } from '../api/apiVersion.ts'
import { isGraphQLRequestError } from '../api/graphql.ts'

type ApiState =
  | { kind: 'loading' }
  | { kind: 'ok'; version: string }
  | { kind: 'error'; message: string; code: string | null }

function describeError(error: unknown): { message: string; code: string | null } {
  if (isGraphQLRequestError(error)) return { message: error.message, code: error.code }
  return { message: 'erreur inattendue', code: null }
}

/**
 * Panneau d'état : interroge `POST /graphql` avec `{ apiVersion }` au montage
 * et affiche le résultat dans une région `role="status"` (annoncée par les
 * lecteurs d'écran sans voler le focus).
 */
export function ApiStatus() {
  const [state, setState] = useState<ApiState>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    const controller = new AbortController()
    fetchApiVersion(controller.signal).then(
      (version) => {
        if (!controller.signal.aborted) setState({ kind: 'ok', version })
      },
      (error: unknown) => {
        if (controller.signal.aborted) return
        setState({ kind: 'error', ...describeError(error) })
      },
    )
    return () => controller.abort()
  }, [attempt])

  const retry = useCallback(() => {
    setState({ kind: 'loading' })
    setAttempt((n) => n + 1)
  }, [])

  return (
    <section className="panel" aria-labelledby="api-status-title" aria-busy={state.kind === 'loading'}>
      <h2 id="api-status-title">État du service</h2>
      <p role="status" className={`status status--${state.kind}`} data-state={state.kind}>
        {state.kind === 'loading' && "Connexion à l'API…"}
        {state.kind === 'ok' && `API connectée — version ${state.version}`}
        {state.kind === 'error' && (
          <>
            {`API injoignable : ${state.message}`}
            {state.code !== null && <span className="status__code"> (code : {state.code})</span>}
          </>
        )}
      </p>
      {state.kind === 'error' && (
        <button type="button" className="button" onClick={retry}>
          Réessayer
        </button>
      )}
    </section>
  )
}
