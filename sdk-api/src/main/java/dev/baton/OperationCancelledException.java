package dev.baton;

/**
 * The thread was interrupted while an operation waited (for a provider's answer, a process, a pause
 * between retries, an approval), so the operation was given up. This is the one way Baton maps an
 * {@link InterruptedException}: every place that catches one throws {@link #interrupted(String,
 * InterruptedException)}.
 *
 * <p>It is a type of its own, not a message on a {@link ProviderException}, so that a caller that
 * cancelled the run can tell its own cancellation from a failure ({@code catch
 * (OperationCancelledException e)}), and it is built by a factory, not a constructor, because the
 * factory also restores the thread's interrupt flag: whoever interrupted the thread still sees it
 * set, and code further up that checks the flag stops too. It is not {@linkplain #isRetryable()
 * retryable}: the caller asked for the work to stop, so retry loops must not start it again.
 */
public final class OperationCancelledException extends ProviderException {
  private static final long serialVersionUID = 1L;

  /** Says what an interruption usually means and that the work may simply be run again. */
  static final String HINT =
      "the thread was interrupted, usually because the run is being"
          + " cancelled or shut down; run it again to finish the work";

  private OperationCancelledException(String message, InterruptedException cause) {
    super(message, HINT, cause);
  }

  /**
   * Restores the current thread's interrupt flag and describes the interruption.
   *
   * @param operation what was given up, e.g. {@code "the health check of dev"}; the message is
   *     {@code "<operation> was interrupted"}
   * @param cause the interruption caught
   * @return the exception to throw
   */
  public static OperationCancelledException interrupted(
      String operation, InterruptedException cause) {
    Thread.currentThread().interrupt();
    return new OperationCancelledException(operation + " was interrupted", cause);
  }

  /**
   * Restores the current thread's interrupt flag and describes the interruption and what was done
   * about it.
   *
   * @param operation what was given up; the message is {@code "<operation> was interrupted;
   *     <aftermath>"}
   * @param aftermath what was cleaned up, e.g. the processes that were stopped
   * @param cause the interruption caught
   * @return the exception to throw
   */
  public static OperationCancelledException interrupted(
      String operation, String aftermath, InterruptedException cause) {
    Thread.currentThread().interrupt();
    return new OperationCancelledException(operation + " was interrupted; " + aftermath, cause);
  }
}
