import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from 'react'
import type { SessionManager, SessionState } from './session.ts'

const SessionContext = createContext<SessionManager | null>(null)

/** Fournit la session à l'application et reprend une session enregistrée au montage. */
export function SessionProvider({ manager, children }: { manager: SessionManager; children: ReactNode }) {
  useEffect(() => {
    void manager.restore()
  }, [manager])
  return <SessionContext.Provider value={manager}>{children}</SessionContext.Provider>
}

export function useSessionManager(): SessionManager {
  const manager = useContext(SessionContext)
  if (manager === null) throw new Error('useSessionManager doit être utilisé dans <SessionProvider>')
  return manager
}

export function useSession(): SessionState {
  const manager = useSessionManager()
  return useSyncExternalStore(manager.subscribe, manager.getState, manager.getState)
}
