'use client';

import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { LogLine } from '@/api/commands';
import { followSince, mergeLogLines } from './log-merge';
import { runCommand } from './run-command';
import type { CommandContext } from './command-outcome';
import { Waiting } from './waiting';

/** The gateway reads logs on request only, so following is asking again this often. */
const FOLLOW_INTERVAL_MS = 2500;
const TAILS = [100, 500, 1000, 5000] as const;

interface LogViewerProps {
  deviceId: string;
  app: string;
  service: string;
  commandsBlocked: string | undefined;
  context: () => CommandContext;
  onClose: () => void;
}

const lineTime = (ts: string) => new Date(ts).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** The newest lines of one service, fetched on demand, and followed by asking again while Follow is on. */
export function LogViewer({ deviceId, app, service, commandsBlocked, context, onClose }: LogViewerProps) {
  const tailId = useId();
  const [tail, setTail] = useState<number>(TAILS[0]);
  const [lines, setLines] = useState<LogLine[]>([]);
  const [isTruncated, setTruncated] = useState(false);
  const [isWaiting, setWaiting] = useState(false);
  const [isFollowing, setFollowing] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const linesRef = useRef(lines);
  const output = useRef<HTMLPreElement>(null);

  useEffect(() => {
    linesRef.current = lines;
    const box = output.current;
    if (box !== null) box.scrollTop = box.scrollHeight;
  }, [lines]);

  const fetchLogs = useCallback(
    async (since: string | undefined) => {
      const payload = await runCommand(deviceId, { type: 'logs', app, service, tail, ...(since === undefined ? {} : { since }) }, context);
      setLines((shown) => mergeLogLines(since === undefined ? [] : shown, payload.lines));
      setTruncated(payload.isTruncated);
    },
    [deviceId, app, service, tail, context],
  );

  const fetchOnce = async () => {
    setWaiting(true);
    setError(undefined);
    try {
      await fetchLogs(undefined);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setWaiting(false);
    }
  };

  useEffect(() => {
    if (!isFollowing) return;
    let isStopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      setWaiting(true);
      try {
        await fetchLogs(followSince(linesRef.current));
        if (isStopped) return;
        setError(undefined);
        timer = setTimeout(() => void poll(), FOLLOW_INTERVAL_MS);
      } catch (failure) {
        if (isStopped) return;
        setError(failure instanceof Error ? failure.message : String(failure));
        setFollowing(false);
      } finally {
        if (!isStopped) setWaiting(false);
      }
    };
    void poll();
    return () => {
      isStopped = true;
      clearTimeout(timer);
    };
  }, [isFollowing, fetchLogs]);

  return (
    <section className="card gw-logs" aria-labelledby={`${tailId}-heading`}>
      <div className="gw-card-head">
        <h2 id={`${tailId}-heading`}>
          Logs of <span className="mono">{`${app}/${service}`}</span>
        </h2>
        <button type="button" className="button small" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="actions gw-log-controls">
        <label htmlFor={tailId}>Last</label>
        <select id={tailId} value={tail} onChange={(event) => setTail(Number(event.target.value))} disabled={isFollowing}>
          {TAILS.map((count) => (
            <option key={count} value={count}>
              {count} lines
            </option>
          ))}
        </select>
        <button type="button" className="button" onClick={() => void fetchOnce()} disabled={isWaiting || isFollowing || commandsBlocked !== undefined}>
          Fetch
        </button>
        {isFollowing ? (
          <button type="button" className="button danger" onClick={() => setFollowing(false)}>
            Stop following
          </button>
        ) : (
          <button type="button" className="button primary" onClick={() => setFollowing(true)} disabled={isWaiting || commandsBlocked !== undefined}>
            Follow
          </button>
        )}
        {isWaiting ? <Waiting /> : isFollowing ? <span className="live live-live">following every {FOLLOW_INTERVAL_MS / 1000} s</span> : null}
      </div>
      {commandsBlocked === undefined ? null : <p className="banner banner-warn">{commandsBlocked}</p>}
      {error === undefined ? null : (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      {isTruncated ? <p className="muted fl-small">The gateway left out older lines to keep its answer small.</p> : null}
      <pre ref={output} className="logs" tabIndex={0} aria-label={`Log lines of ${app}/${service}`}>
        {lines.length === 0 ? (
          <span className="gw-log-hint">{isWaiting ? 'Waiting for the gateway…' : 'Press Fetch to read the newest lines, or Follow to keep reading.'}</span>
        ) : (
          lines.map((line) => (
            <span key={`${line.ts}\u0000${line.text}`} className={line.stream === 'stderr' ? 'gw-log-line stderr' : 'gw-log-line'}>
              <span className="gw-log-ts" title={line.ts}>
                {lineTime(line.ts)}
              </span>
              {line.text}
              {'\n'}
            </span>
          ))
        )}
      </pre>
    </section>
  );
}
