package dev.baton.oci.internal;

import java.time.Duration;

/**
 * How long and how much a registry call may take.
 *
 * @param request the time allowed until a response's headers arrive
 * @param read the time allowed to read a response's body once its headers are in; a streamed blob
 *     gets one more second per MiB of its size
 * @param operation the time allowed for one request with all its retries and the waits between
 * @param maxBody the most bytes of a response body read into memory (a manifest, a token, any other
 *     2xx body); error bodies are cut to 64 KiB
 */
public record Limits(Duration request, Duration read, Duration operation, long maxBody) {
  /** The OCI distribution specification's limit for a manifest, which registries enforce: 4 MiB. */
  public static final long MAX_MANIFEST_BYTES = 4L << 20;

  /** Per MiB of a streamed blob, added to {@link #read()}: a blob must arrive at 1 MiB/s. */
  static final Duration PER_MIB = Duration.ofSeconds(1);

  /**
   * @param size a blob's size from its descriptor; negative when unknown
   * @return the time allowed to stream it once its headers are in
   */
  Duration blob(long size) {
    return size <= 0 ? read : read.plus(PER_MIB.multipliedBy((size + (1 << 20) - 1) >> 20));
  }
}
