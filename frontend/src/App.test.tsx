import { render, screen } from '@testing-library/react'
import { StrictMode } from 'react'
import { beforeEach, expect, it, vi } from 'vitest'
import App from './App.tsx'
import { jsonResponse } from './test/http.ts'

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn<typeof fetch>(async () => jsonResponse({ data: { apiVersion: '0.1.0' } })),
  )
})

it("présente l'en-tête, la zone principale et l'état de l'API", async () => {
  render(
    <StrictMode>
      <App />
    </StrictMode>,
  )

  expect(screen.getByRole('banner')).toContainElement(
    screen.getByRole('heading', { level: 1, name: 'Relève — plannings hospitaliers' }),
  )
  const main = screen.getByRole('main')
  expect(main).toContainElement(screen.getByRole('status'))
  expect(await screen.findByText('API connectée — version 0.1.0')).toBeInTheDocument()
})
