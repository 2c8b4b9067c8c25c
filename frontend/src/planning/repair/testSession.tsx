/** Renders a component inside a logged-in session (tests only). */
import { render } from '@testing-library/react'
import type { ReactNode } from 'react'
import { SessionProvider } from '../../auth/SessionContext.tsx'
import { SessionManager } from '../../auth/session.ts'
import { AUTH, ME, installFakeApi, type FakeHandler } from '../../test/fakeApi.ts'

export async function renderLoggedIn(node: ReactNode, handlers: Record<string, FakeHandler | FakeHandler[]>, role = 'unit_manager') {
  const api = installFakeApi({ login: AUTH('jeton', 'r', role), me: ME(role), ...handlers })
  const manager = new SessionManager()
  await manager.login('cadre@beta.demo', 'releve-demo')
  render(<SessionProvider manager={manager}>{node}</SessionProvider>)
  return api
}
