import { SERVICE_MODELS, type BuildsOnOrientation, type FedrampOffering } from './types.js';

/** The decided direction of one builds-on edge, with the reasoning in words. */
export interface Orientation {
  top: FedrampOffering;
  bottom: FedrampOffering;
  orientation: BuildsOnOrientation;
  note: string;
}

/**
 * Decide which of two related offerings is built on the other.
 *
 * `host` lists `dependent` in its `leveraged_systems`; `mutual` says `dependent` lists `host` too.
 * The feed's convention is that an offering's leveraged_systems holds the offerings that leverage
 * it (AWS GovCloud's holds 191, Palantir Federal Cloud Service - High among them). Service models
 * (SaaS on PaaS on IaaS, comparing the lowest layer each offers) confirm or question that:
 * - layers differ and the feed agrees: `service_model`;
 * - layers tie or are unknown, one-sided listing: `feed`;
 * - layers contradict the only listing, or tie on a mutual listing: `ambiguous`. A contradiction
 *   is kept in the feed's direction: in the 2026 feed these are tools such as Google Workspace,
 *   GitHub or Duo listing the platforms that use them, where "built on" by layer would be wrong.
 */
export function orientBuildsOn(host: FedrampOffering, dependent: FedrampOffering, mutual: boolean): Orientation {
  const hostLayer = lowestLayer(host);
  const dependentLayer = lowestLayer(dependent);
  const layers = `${label(host)}: ${models(host)}; ${label(dependent)}: ${models(dependent)}`;
  const listing = mutual
    ? `${label(host)} and ${label(dependent)} list each other in leveraged_systems`
    : `listed in ${label(host)}'s leveraged_systems`;

  if (hostLayer !== undefined && dependentLayer !== undefined && hostLayer !== dependentLayer) {
    const [bottom, top] = hostLayer < dependentLayer ? [host, dependent] : [dependent, host];
    const lower = SERVICE_MODELS[Math.min(hostLayer, dependentLayer)];
    const under = `${lower} under ${SERVICE_MODELS[Math.max(hostLayer, dependentLayer)]}`;
    if (bottom === host || mutual) {
      return {
        top,
        bottom,
        orientation: 'service_model',
        note: `${listing}; ${under} (${layers}), so ${label(top)} is built on ${label(bottom)}`,
      };
    }
    return {
      top: dependent,
      bottom: host,
      orientation: 'ambiguous',
      note:
        `${listing}, which makes ${label(dependent)} the one leveraging it; but by service model ` +
        `${label(host)} sits above (${layers}). Kept the feed's direction: more likely a service ` +
        `${label(dependent)} uses than a platform it runs on`,
    };
  }

  const tie = hostLayer === undefined || dependentLayer === undefined
    ? `service models do not decide it (${layers})`
    : `both reach down to ${SERVICE_MODELS[hostLayer]}, so service models do not decide it (${layers})`;
  if (mutual) {
    return {
      top: dependent,
      bottom: host,
      orientation: 'ambiguous',
      note: `${listing} and ${tie}; the direction shown (${label(dependent)} on ${label(host)}) follows the first listing and may be wrong`,
    };
  }
  return {
    top: dependent,
    bottom: host,
    orientation: 'feed',
    note: `${listing}; ${tie}; by the feed's convention ${label(dependent)} leverages ${label(host)} (runs on it or uses it)`,
  };
}

/** Index in SERVICE_MODELS of the lowest layer an offering provides; undefined when none is given. */
export function lowestLayer(offering: FedrampOffering): number | undefined {
  const first = offering.serviceModels[0];
  return first === undefined ? undefined : SERVICE_MODELS.indexOf(first);
}

function models(offering: FedrampOffering): string {
  return offering.serviceModels.length ? offering.serviceModels.join('/') : 'no service model given';
}

function label(offering: FedrampOffering): string {
  return offering.offering;
}
