import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { SessionProvider } from '../auth/SessionContext.tsx'
import { SessionManager } from '../auth/session.ts'
import { AUTH, ME, gqlError, installFakeApi, type FakeHandler } from '../test/fakeApi.ts'
import { StaffImport, importContentOf, importFormatOf } from './StaffImport.tsx'

beforeEach(() => sessionStorage.clear())

async function renderImport(handlers: Record<string, FakeHandler | FakeHandler[]>, onImported = vi.fn()) {
  const api = installFakeApi({ login: AUTH('t', 'r', 'hr'), me: ME('hr'), ...handlers })
  const manager = new SessionManager()
  await manager.login('rh@beta.demo', 'releve-demo')
  render(
    <SessionProvider manager={manager}>
      <StaffImport onImported={onImported} />
    </SessionProvider>,
  )
  return { api, onImported }
}

function choose(file: File) {
  fireEvent.change(screen.getByLabelText('Fichier à importer'), { target: { files: [file] } })
}

const CSV = 'nom;prenom;profession;unite\nMartin;Alice;IDE;MED\n;Bob;AS;XYZ\n'

describe('StaffImport', () => {
  it('reconnaît le format et encode un classeur Excel en base64', async () => {
    expect(importFormatOf('agents.CSV')).toBe('CSV')
    expect(importFormatOf('agents.xlsx')).toBe('XLSX')
    expect(importFormatOf('agents.xls')).toBeNull()
    expect(await importContentOf(new Blob([new Uint8Array([0x50, 0x4b, 0x03, 0x04])]), 'XLSX')).toBe('UEsDBA==')
    expect(await importContentOf(new Blob(['nom;prenom']), 'CSV')).toBe('nom;prenom')
  })

  it('refuse sans fichier ou avec un format inconnu, sans rien envoyer', async () => {
    const { api } = await renderImport({})
    fireEvent.click(screen.getByRole('button', { name: 'Importer' }))
    expect(screen.getByText('Choisissez un fichier CSV ou Excel (.xlsx).')).toBeInTheDocument()
    expect(screen.getByLabelText('Fichier à importer')).toHaveAttribute('aria-invalid', 'true')
    choose(new File(['x'], 'agents.ods'))
    fireEvent.click(screen.getByRole('button', { name: 'Importer' }))
    expect(screen.getByText(/Format non pris en charge \(« agents\.ods »\)/)).toBeInTheDocument()
    expect(api.callsTo('importStaffMembers')).toHaveLength(0)
  })

  it('liste chaque ligne refusée en français : rien n’est importé', async () => {
    const { api, onImported } = await renderImport({
      importStaffMembers: {
        data: {
          importStaffMembers: {
            imported: 0,
            staffIds: [],
            errors: [
              { row: 3, column: 'nom', message: 'obligatoire' },
              { row: 3, column: 'unite', message: 'unité inconnue : XYZ' },
            ],
          },
        },
      },
    })
    choose(new File([CSV], 'agents.csv', { type: 'text/csv' }))
    fireEvent.click(screen.getByRole('button', { name: 'Importer' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Aucun agent importé : 2 erreurs dans le fichier.')
    const table = screen.getByRole('table', { name: 'Lignes refusées' })
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows.map((r) => r.textContent)).toEqual(['3nomobligatoire', '3uniteunité inconnue : XYZ'])
    expect(screen.getByRole('heading', { name: 'Lignes refusées' })).toBeInTheDocument()
    expect(api.callsTo('importStaffMembers')[0].variables).toEqual({ format: 'CSV', content: CSV })
    expect(onImported).not.toHaveBeenCalled()
  })

  it('annonce le nombre d’agents créés, et une erreur d’API en clair', async () => {
    const { api, onImported } = await renderImport({
      importStaffMembers: [
        gqlError('unité MED hors de votre périmètre', 'FORBIDDEN'),
        { data: { importStaffMembers: { imported: 2, staffIds: ['a', 'b'], errors: [] } } },
      ],
    })
    choose(new File([new Uint8Array([1, 2, 3])], 'agents.xlsx'))
    fireEvent.click(screen.getByRole('button', { name: 'Importer' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Import impossible : Action non autorisée pour votre rôle ou votre périmètre. Unité MED hors de votre périmètre.',
    )
    fireEvent.click(screen.getByRole('button', { name: 'Importer' }))
    expect(await screen.findByText('Import terminé : 2 agents créés.')).toBeInTheDocument()
    expect(api.callsTo('importStaffMembers')[1].variables).toEqual({ format: 'XLSX', content: 'AQID' })
    await waitFor(() => expect(onImported).toHaveBeenCalledWith(2))
  })
})
