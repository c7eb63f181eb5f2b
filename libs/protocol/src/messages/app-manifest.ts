// The one file that reaches into the app-spec contract: the protocol carries app
// manifests and caps but does not define them.
import { AppSpecSchema, ResourceCapsSchema } from '@gantry/app-spec';

/**
 * An app manifest inside a desired state: app-spec's canonical, normalised form. It is
 * strict on purpose (unknown fields are an error, not stripped): an agent must refuse a
 * manifest asking for something it does not understand rather than run it without.
 */
export const AppManifestSchema = AppSpecSchema;

/** The resource caps of one service, as app-spec defines them. */
export const CapsSchema = ResourceCapsSchema;
