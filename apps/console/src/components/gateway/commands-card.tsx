'use client';

import { useCallback } from 'react';
import { runCommand } from './run-command';
import type { CommandContext } from './command-outcome';
import { DiagnosticsResult } from './diagnostics-result';
import { useCommand, type CommandState } from './use-command';
import { Waiting } from './waiting';

interface CommandsCardProps {
  deviceId: string;
  commandsBlocked: string | undefined;
  context: () => CommandContext;
}

function Failure<T>({ state }: { state: CommandState<T> }) {
  return state.phase === 'failed' ? (
    <div className="banner banner-error" role="alert">
      {state.message}
    </div>
  ) : null;
}

/** Asks the gateway to reconcile now, or to check itself. */
export function CommandsCard({ deviceId, commandsBlocked, context }: CommandsCardProps) {
  const resync = useCommand(useCallback(() => runCommand(deviceId, { type: 'resync' }, context), [deviceId, context]));
  const diagnostics = useCommand(useCallback(() => runCommand(deviceId, { type: 'diagnostics' }, context), [deviceId, context]));
  const isBlocked = commandsBlocked !== undefined;

  return (
    <section className="card" aria-labelledby="commands-heading">
      <h2 id="commands-heading">Commands</h2>
      {isBlocked ? <p className="banner banner-warn">{commandsBlocked}</p> : null}
      <div className="gw-command">
        <div className="actions">
          <button type="button" className="button" disabled={isBlocked || resync.state.phase === 'waiting'} onClick={() => void resync.run()}>
            Resync now
          </button>
          {resync.state.phase === 'waiting' ? <Waiting /> : null}
          {resync.state.phase === 'done' ? (
            <span role="status">
              {resync.state.result.stepsPlanned === 0 ? 'Already matches its target' : `${resync.state.result.stepsPlanned} steps planned`} <span className="muted">(acked version {resync.state.result.ackedVersion})</span>
            </span>
          ) : null}
        </div>
        <p className="muted fl-small">Reconciles at once and sends a fresh report, instead of waiting for the periodic resync.</p>
        <Failure state={resync.state} />
      </div>
      <div className="gw-command">
        <div className="actions">
          <button type="button" className="button" disabled={isBlocked || diagnostics.state.phase === 'waiting'} onClick={() => void diagnostics.run()}>
            Run diagnostics
          </button>
          {diagnostics.state.phase === 'waiting' ? <Waiting /> : null}
          {diagnostics.state.phase === 'done' ? (
            <button type="button" className="button small" onClick={diagnostics.reset}>
              Clear
            </button>
          ) : null}
        </div>
        <Failure state={diagnostics.state} />
        {diagnostics.state.phase === 'done' ? <DiagnosticsResult result={diagnostics.state.result} /> : null}
      </div>
    </section>
  );
}
