import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { SessionProvider } from '../auth/SessionContext.tsx'
import { SessionManager } from '../auth/session.ts'
import { AUTH, ME, gqlError, installFakeApi, type FakeHandler } from '../test/fakeApi.ts'
import { StaffPage } from './StaffPage.tsx'
import type { StaffRow } from './setupApi.ts'

const UNITS = { data: { units: { nodes: [{ id: 'u1', code: 'MED', name: 'Médecine', establishmentId: 'e1' }] } } }
const person = (id: string, lastName: string): StaffRow => ({
  id,
  firstName: 'Alice',
  lastName,
  email: null,
  phone: null,
  profession: 'IDE',
  qualifications: [],
  quotite: 100,
  homeUnitId: 'u1',
  pool: false,
})
const page = (nodes: StaffRow[], hasNextPage = false) => ({
  data: { staffMembers: { nodes, pageInfo: { hasNextPage, endCursor: hasNextPage ? nodes[nodes.length - 1].id : null } } },
})

beforeEach(() => sessionStorage.clear())

async function renderPage(handlers: Record<string, FakeHandler | FakeHandler[]>) {
  const api = installFakeApi({ login: AUTH('t', 'r', 'ght_admin'), me: ME('ght_admin'), units: UNITS, ...handlers })
  const manager = new SessionManager()
  await manager.login('admin@beta.demo', 'releve-demo')
  render(
    <SessionProvider manager={manager}>
      <StaffPage />
    </SessionProvider>,
  )
  return api
}

describe('StaffPage', () => {
  it('liste, pagine et cherche par nom de famille', async () => {
    const api = await renderPage({
      staffMembers: (call: { variables: Record<string, unknown> }) =>
        call.variables.lastName === 'martin'
          ? page([person('a', 'Martin')])
          : call.variables.after === 'b'
            ? page([person('c', 'Petit')])
            : page([person('a', 'Martin'), person('b', 'Durand')], true),
    })
    expect(await screen.findByRole('rowheader', { name: 'Martin' })).toBeInTheDocument()
    expect(api.callsTo('staffMembers')[0].variables).toEqual({ first: 15, after: null })
    fireEvent.click(screen.getByRole('button', { name: 'Page suivante' }))
    expect(await screen.findByRole('rowheader', { name: 'Petit' })).toBeInTheDocument()
    expect(screen.getByRole('heading', { name: 'Liste des agents — page 2' })).toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: 'Page précédente' }))
    expect(await screen.findByRole('rowheader', { name: 'Durand' })).toBeInTheDocument()

    fireEvent.change(screen.getByLabelText('Nom de famille'), { target: { value: ' martin ' } })
    fireEvent.click(screen.getByRole('button', { name: 'Rechercher' }))
    await waitFor(() => expect(screen.queryByRole('rowheader', { name: 'Durand' })).not.toBeInTheDocument())
    expect(api.callsTo('staffMembers').at(-1)?.variables).toEqual({ first: 15, after: null, lastName: 'martin' })
  })

  it('crée un agent : erreurs locales, puis l’erreur du serveur à côté du champ, puis succès', async () => {
    const api = await renderPage({
      staffMembers: page([]),
      createStaffMember: [
        {
          data: null,
          errors: [{ message: 'email : adresse électronique invalide', extensions: { code: 'BAD_USER_INPUT', field: 'email' } }],
        },
        { data: { createStaffMember: person('n', 'Testeur') } },
      ],
    })
    await screen.findByText('Aucun agent.')
    fireEvent.click(screen.getByRole('button', { name: 'Nouvel agent' }))
    const form = screen.getByRole('region', { name: 'Nouvel agent' })
    fireEvent.click(within(form).getByRole('button', { name: 'Créer l’agent' }))
    expect(within(form).getByText('Indiquez le prénom.')).toBeInTheDocument()
    expect(within(form).getByLabelText('Prénom')).toHaveFocus()
    expect(within(form).getByLabelText('Prénom')).toHaveAttribute('aria-invalid', 'true')
    expect(api.callsTo('createStaffMember')).toHaveLength(0)

    fireEvent.change(within(form).getByLabelText('Prénom'), { target: { value: 'Alice' } })
    fireEvent.change(within(form).getByLabelText('Nom'), { target: { value: 'Testeur' } })
    fireEvent.change(within(form).getByLabelText('Adresse électronique (facultative)'), { target: { value: 'alice' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Créer l’agent' }))
    const email = within(form).getByLabelText('Adresse électronique (facultative)')
    expect(await within(form).findByText('Adresse électronique invalide.')).toBeInTheDocument()
    expect(email).toHaveAttribute('aria-invalid', 'true')
    expect(email).toHaveAccessibleDescription('Adresse électronique invalide.')
    expect(email).toHaveFocus()
    expect(api.callsTo('createStaffMember')[0].variables.input).toEqual({
      firstName: 'Alice',
      lastName: 'Testeur',
      email: 'alice',
      phone: null,
      profession: 'IDE',
      qualifications: [],
      quotite: 100,
      homeUnitId: 'u1',
      pool: false,
    })

    fireEvent.change(email, { target: { value: 'alice@beta.demo' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Créer l’agent' }))
    expect(await screen.findByText('Agent créé : Alice Testeur.')).toBeInTheDocument()
    expect(screen.queryByRole('region', { name: 'Nouvel agent' })).not.toBeInTheDocument()
  })

  it('signale les membres du pool dans la liste et garde la case cochée à la modification', async () => {
    await renderPage({ staffMembers: page([{ ...person('a', 'Martin'), pool: true }]) })
    const row = await screen.findByRole('row', { name: /Martin/ })
    expect(row).toHaveTextContent('MED · pool')
    fireEvent.click(within(row).getByRole('button', { name: 'Modifier la fiche de Alice Martin' }))
    const form = screen.getByRole('region', { name: 'Modifier la fiche de Alice Martin' })
    expect(within(form).getByRole('checkbox', { name: 'Pool de suppléance' })).toBeChecked()
  })

  it('modifie une fiche et affiche une erreur générale en français', async () => {
    const api = await renderPage({
      staffMembers: page([person('a', 'Martin')]),
      updateStaffMember: gqlError("l'unité MED est hors de votre périmètre", 'FORBIDDEN'),
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Modifier la fiche de Alice Martin' }))
    const form = screen.getByRole('region', { name: 'Modifier la fiche de Alice Martin' })
    expect(within(form).getByLabelText('Nom')).toHaveValue('Martin')
    fireEvent.change(within(form).getByLabelText('Quotité (%)'), { target: { value: '80' } })
    const pool = within(form).getByRole('checkbox', { name: 'Pool de suppléance' })
    expect(pool).not.toBeChecked()
    expect(pool).toHaveAccessibleDescription(/Membre du pool/)
    fireEvent.click(pool)
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer les modifications' }))
    expect(await within(form).findByRole('alert')).toHaveTextContent(/hors de votre périmètre/)
    expect(api.callsTo('updateStaffMember')[0].variables).toMatchObject({ id: 'a', input: { quotite: 80, pool: true } })
  })
})
