import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { createGraphQLConnection } from './app/graphql-client.ts';
import './app/styles/themes.css';
import './app/styles/app.css';
import './app/styles/inventory.css';
import './app/styles/history.css';
import './app/styles/discovery.css';
import './app/styles/report-charts.css';
import './app/styles/reports.css';
import './app/styles/graphs.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const connection = createGraphQLConnection();

createRoot(root).render(
  <StrictMode>
    <App connection={connection} />
  </StrictMode>,
);
