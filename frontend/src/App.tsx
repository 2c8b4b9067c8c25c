import { ApiStatus } from './components/ApiStatus.tsx'

export default function App() {
  return (
    <div className="layout">
      <header className="app-header">
        <div className="container">
          <h1 className="app-title">Relève — plannings hospitaliers</h1>
          <p className="app-tagline">Construction des plannings du personnel soignant des groupements hospitaliers</p>
        </div>
      </header>
      <main id="contenu" className="container app-main">
        <ApiStatus />
      </main>
      <footer className="app-footer">
        <div className="container">Relève · interface web, version de développement</div>
      </footer>
    </div>
  )
}
