/**
 * The HTTP machinery behind {@link dev.baton.oci.OciImageRegistry}: transport with retries,
 * authentication, the distribution endpoints, manifest reading. Not exported; no compatibility
 * promise.
 */
package dev.baton.oci.internal;
