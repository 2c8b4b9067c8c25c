import { useId, useRef, useState, type FormEvent } from 'react'
import { isGraphQLRequestError } from '../api/graphql.ts'
import { useSessionManager } from './SessionContext.tsx'

/** Page de connexion : adresse électronique, mot de passe, « Se connecter ». */
export function LoginPage({ notice }: { notice: string | null }) {
  const manager = useSessionManager()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const emailRef = useRef<HTMLInputElement>(null)
  const passwordRef = useRef<HTMLInputElement>(null)
  const errorId = useId()

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (pending) return
    if (email.trim() === '') {
      setError('Saisissez votre adresse électronique.')
      emailRef.current?.focus()
      return
    }
    if (password === '') {
      setError('Saisissez votre mot de passe.')
      passwordRef.current?.focus()
      return
    }
    setError(null)
    setPending(true)
    try {
      await manager.login(email.trim(), password)
    } catch (err) {
      setPending(false)
      setPassword('')
      setError(
        isGraphQLRequestError(err)
          ? `Connexion impossible : ${err.message}.`
          : 'Connexion impossible : erreur inattendue.',
      )
      passwordRef.current?.focus()
    }
  }

  return (
    <div className="login">
      <h1 className="page-title" tabIndex={-1}>
        Connexion
      </h1>
      <p className="page-intro">Connectez-vous avec le compte fourni par votre établissement.</p>
      {notice !== null && error === null && (
        <p role="alert" className="notice notice--warning">
          {notice}
        </p>
      )}
      <form className="panel form" noValidate onSubmit={submit} aria-describedby={error ? errorId : undefined}>
        {error !== null && (
          <p id={errorId} role="alert" className="notice notice--error">
            {error}
          </p>
        )}
        <div className="field">
          <label htmlFor="login-email">Adresse électronique</label>
          <input
            ref={emailRef}
            id="login-email"
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            spellCheck={false}
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="login-password">Mot de passe</label>
          <input
            ref={passwordRef}
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button type="submit" className="button" aria-disabled={pending}>
          {pending ? 'Connexion…' : 'Se connecter'}
        </button>
      </form>
    </div>
  )
}
