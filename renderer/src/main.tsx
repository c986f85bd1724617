import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './App.tsx';
import { ApiClient, desktopTransport } from './api/client.ts';
import { ApiContext } from './api/context.tsx';
import { takeLaunchSecret, webSocketTransport } from './api/websocket.ts';
import './styles.css';

// The CSP forbids eval; zod's JIT would otherwise try `new Function` and log a violation.
z.config({ jitless: true });

function createClient(): ApiClient | null {
  if (window.sealdesk !== undefined) return new ApiClient(desktopTransport(window.sealdesk));
  const secret = takeLaunchSecret();
  return secret === null ? null : new ApiClient(webSocketTransport(secret));
}

const root = document.getElementById('root');
if (root === null) throw new Error('missing #root');
const client = createClient();
createRoot(root).render(
  <StrictMode>
    {client === null ? (
      <p className="fatal">请使用启动时打印的完整地址打开 SealDesk。/ Open SealDesk with the full address printed at start-up.</p>
    ) : (
      <ApiContext.Provider value={client}>
        <App />
      </ApiContext.Provider>
    )}
  </StrictMode>,
);
