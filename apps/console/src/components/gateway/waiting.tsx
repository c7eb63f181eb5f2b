/** A command in flight: a spinner and what is being waited for. */
export function Waiting({ children = 'Waiting for the gateway…' }: { children?: string }) {
  return (
    <span className="gw-waiting" role="status">
      <span className="gw-spinner" aria-hidden /> {children}
    </span>
  );
}
