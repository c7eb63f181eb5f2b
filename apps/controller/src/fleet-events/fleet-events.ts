import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';

/** Totals of one deployment's gateways per status. */
export type TargetTotals = Record<'pending' | 'targeted' | 'acked' | 'converged' | 'failed' | 'rolled-back' | 'superseded', number>;

/**
 * Something that changed in the fleet, announced after it is committed. Modules react to
 * each other through these instead of importing each other (revocation disconnects the
 * gateway, a label change recompiles its target), and the console's live stream is these.
 */
export type FleetEvent =
  | { readonly type: 'device.enrolled'; readonly deviceId: string }
  | { readonly type: 'device.revoked'; readonly deviceId: string }
  | { readonly type: 'device.labels-changed'; readonly deviceId: string }
  | { readonly type: 'device.online'; readonly deviceId: string }
  | { readonly type: 'device.offline'; readonly deviceId: string }
  | { readonly type: 'device.reported'; readonly deviceId: string; readonly ackedVersion: number }
  | { readonly type: 'device.events'; readonly deviceId: string; readonly count: number }
  | { readonly type: 'desired.published'; readonly deviceId: string; readonly version: number; readonly hash: string }
  | { readonly type: 'deployment.changed'; readonly deploymentId: string }
  | { readonly type: 'deployment.progress'; readonly deploymentId: string; readonly phase: string; readonly wave: number; readonly totals: TargetTotals }
  | { readonly type: 'app.changed'; readonly appId: string }
  | { readonly type: 'app.deleted'; readonly appId: string };

export type FleetEventType = FleetEvent['type'];

/** The in-process bus of fleet changes. */
@Injectable()
export class FleetEvents implements OnModuleDestroy {
  private readonly subject = new Subject<FleetEvent>();

  /** Every event from now on. */
  readonly stream: Observable<FleetEvent> = this.subject.asObservable();

  emit(event: FleetEvent): void {
    this.subject.next(event);
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }
}
