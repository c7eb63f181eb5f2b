// The one file that reaches into the app-spec contract: the protocol carries app
// manifests and caps but does not define them.
import * as z from 'zod/mini';
import { AppSpecSchema, GatewayPolicySchema, ResourceCapsSchema } from '@gantry/app-spec';

/**
 * An app manifest inside a desired state: app-spec's canonical, normalised form. It is
 * strict on purpose (unknown fields are an error, not stripped): an agent must refuse a
 * manifest asking for something it does not understand rather than run it without.
 */
export const AppManifestSchema = AppSpecSchema;

/** The resource caps of one service, as app-spec defines them. */
export const CapsSchema = ResourceCapsSchema;

/**
 * A gateway's policy on what manifests may ask for, as app-spec defines it; absent fields
 * refuse. Unlike the manifest it is not strict: a policy field this side does not know
 * is dropped, which can only make the gateway refuse more, never less.
 */
export const PolicySchema = z.object(GatewayPolicySchema.shape);
