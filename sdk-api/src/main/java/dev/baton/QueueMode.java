package dev.baton;

/**
 * How runs waiting for the same deployment target take turns, across processes, when a shared
 * {@link dev.baton.spi.LeaseStore} is configured.
 */
public enum QueueMode {
  /**
   * In arrival order: every waiting run gets its turn. The default for staging and production,
   * where each release is deployed and verified.
   */
  FIFO,
  /**
   * A waiting run for a commit gives way as soon as a run for a newer commit (a descendant in
   * history) is waiting: only the newest commit is deployed. The default for dev and previews.
   */
  SUPERSEDE
}
