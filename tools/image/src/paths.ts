// Where the image's parts come from and where the tool keeps what it builds (git-ignored .cache).
import { join, resolve } from "node:path";

/** tools/image/src -> repo root. */
export const REPO_ROOT = resolve(import.meta.dirname, "..", "..", "..");

export const GATEWAY_DIR = join(REPO_ROOT, "apps", "gateway");

/** `npm run build`'s output: the gateway as JavaScript, the workspace libraries staged in it. */
export const GATEWAY_DIST = join(GATEWAY_DIR, "dist");

export const IMAGE_CACHE = join(REPO_ROOT, ".cache", "image");

/** The image's name, as deploy/helm/onceport's values.yaml pulls it (tag: the chart's appVersion). */
export const IMAGE_REPOSITORY = "onceport/gateway";

/** The unprivileged user the gateway runs as: the chart's runAsUser and runAsGroup. */
export const GATEWAY_UID = 10001;

/** grpcurl for the smoke test, built with Go from the Go module proxy into IMAGE_CACHE/bin. */
export const GRPCURL_MODULE = "github.com/fullstorydev/grpcurl/cmd/grpcurl";
export const GRPCURL_VERSION = "v1.9.4";
