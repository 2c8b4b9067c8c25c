/**
 * Abonnement `jobProgress` sur WebSocket (protocole `graphql-transport-ws`). Le navigateur
 * ne peut pas poser d'en-tête sur un WebSocket : le jeton passe dans `connection_init`.
 */
import { JOB_PROGRESS_SUBSCRIPTION, type JobProgress } from './planningApi.ts'

export interface JobProgressHandlers {
  onProgress: (progress: JobProgress) => void
  /** Fin normale du flux (état final atteint). */
  onComplete: () => void
  /** Connexion impossible ou erreur du serveur, en français. */
  onError: (message: string) => void
}

export function graphqlWebSocketUrl(location: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`
}

/** Ouvre l'abonnement ; la fonction renvoyée le ferme. */
export function subscribeJobProgress(
  jobId: string,
  accessToken: string,
  handlers: JobProgressHandlers,
  url = graphqlWebSocketUrl(),
): () => void {
  const socket = new WebSocket(url, 'graphql-transport-ws')
  let finished = false
  const finish = (action: () => void) => {
    if (finished) return
    finished = true
    action()
    socket.close()
  }
  socket.addEventListener('open', () => {
    socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${accessToken}` } }))
  })
  socket.addEventListener('message', (event) => {
    let message: { type?: string; payload?: unknown }
    try {
      message = JSON.parse(String(event.data))
    } catch {
      return
    }
    switch (message.type) {
      case 'connection_ack':
        socket.send(
          JSON.stringify({
            id: '1',
            type: 'subscribe',
            payload: { query: JOB_PROGRESS_SUBSCRIPTION, variables: { id: jobId } },
          }),
        )
        break
      case 'ping':
        socket.send(JSON.stringify({ type: 'pong' }))
        break
      case 'next': {
        const payload = message.payload as { data?: { jobProgress?: JobProgress }; errors?: { message: string }[] }
        if (payload.errors?.length) finish(() => handlers.onError(payload.errors?.[0]?.message ?? 'erreur'))
        else if (payload.data?.jobProgress) handlers.onProgress(payload.data.jobProgress)
        break
      }
      case 'error': {
        const errors = message.payload as { message: string }[]
        finish(() => handlers.onError(errors[0]?.message ?? 'abonnement refusé'))
        break
      }
      case 'complete':
        finish(handlers.onComplete)
        break
    }
  })
  socket.addEventListener('error', () => finish(() => handlers.onError('connexion WebSocket impossible')))
  socket.addEventListener('close', () => finish(() => handlers.onError('connexion WebSocket fermée avant la fin du calcul')))
  return () => {
    finished = true
    socket.close()
  }
}
