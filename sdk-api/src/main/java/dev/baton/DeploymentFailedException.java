package dev.baton;

import java.util.List;

/** A deploy or destroy ran and failed; carries the last lines of its output. */
public class DeploymentFailedException extends ProviderException {
  private static final long serialVersionUID = 1L;

  /** The last lines of the deployment's output, oldest first. */
  private final List<String> outputTail;

  /**
   * @param message what failed, naming the environment and stack
   * @param hint what to check
   * @param outputTail the last lines of output (already redacted)
   * @param cause the underlying failure, or {@code null}
   */
  public DeploymentFailedException(
      String message, String hint, List<String> outputTail, Throwable cause) {
    super(message + tailText(outputTail), hint, cause);
    this.outputTail = List.copyOf(outputTail);
  }

  /**
   * A failure whose output says it all, with no hint to add.
   *
   * @param message what failed, naming the environment and stack
   * @param outputTail the last lines of output (already redacted)
   * @param cause the underlying failure, or {@code null}
   */
  public DeploymentFailedException(String message, List<String> outputTail, Throwable cause) {
    this(message, "", outputTail, cause);
  }

  private static String tailText(List<String> tail) {
    return tail.isEmpty() ? "" : "\n--- last output ---\n" + String.join("\n", tail);
  }

  /** {@return the last lines of the deployment's output, oldest first} */
  public List<String> outputTail() {
    return outputTail;
  }
}
