package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The error types' factories and the one mapping of an interruption. */
class BatonExceptionTest {
  @AfterEach
  void clearInterruptFlag() {
    Thread.interrupted();
  }

  @Test
  void retryable_carriesMessageHintAndCause() {
    IOException cause = new IOException("reset");
    ProviderException e = ProviderException.retryable("GET /v2/ failed", "try again later", cause);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).isEqualTo("GET /v2/ failed");
    assertThat(e.hint()).isEqualTo("try again later");
    assertThat(e.getCause()).isSameAs(cause);
    assertThat(e)
        .hasToString("dev.baton.ProviderException: GET /v2/ failed (hint: try again later)");
  }

  @Test
  void permanent_isNotRetryable() {
    ProviderException e =
        ProviderException.permanent("GET /v2/ answered 400", "fix the request", null);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.hint()).isEqualTo("fix the request");
    assertThat(e.getCause()).isNull();
  }

  @Test
  void withoutHint_hasAnEmptyHintAndAPlainToString() {
    assertThat(ProviderException.retryable("registry answered 503", null))
        .satisfies(e -> assertThat(e.isRetryable()).isTrue())
        .satisfies(e -> assertThat(e.hint()).isEmpty())
        .hasToString("dev.baton.ProviderException: registry answered 503");
    assertThat(ProviderException.permanent("registry answered 400", null))
        .satisfies(e -> assertThat(e.isRetryable()).isFalse())
        .satisfies(e -> assertThat(e.hint()).isEmpty());
    assertThat(new DeploymentFailedException("apply failed", List.of(), null).hint()).isEmpty();
  }

  @Test
  void subtypes_keepTheirRetryability() {
    assertThat(new NotFoundException("no such tag", "check the tag", null).isRetryable()).isFalse();
    assertThat(new AccessDeniedException("denied", "check the role", null).isRetryable()).isFalse();
    assertThat(new ConfigurationException("bad value", "fix it").isRetryable()).isFalse();
    assertThat(
            new DeploymentFailedException("apply failed", "read the output", List.of("x"), null)
                .isRetryable())
        .isFalse();
  }

  @Test
  void interrupted_restoresTheFlagAndNamesTheOperation() {
    InterruptedException cause = new InterruptedException();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();

    OperationCancelledException e =
        OperationCancelledException.interrupted("GitHub GET /releases", cause);

    assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag restored").isTrue();
    assertThat(e).isInstanceOf(ProviderException.class);
    assertThat(e.getMessage()).isEqualTo("GitHub GET /releases was interrupted");
    assertThat(e.getCause()).isSameAs(cause);
    assertThat(e.isRetryable()).as("a cancelled run is not started again").isFalse();
    assertThat(e.hint()).isEqualTo(OperationCancelledException.HINT);
  }

  @Test
  void interrupted_withAftermath_saysWhatWasCleanedUp() {
    OperationCancelledException e =
        OperationCancelledException.interrupted(
            "atmos terraform plan", "stopped the process (pid 7)", new InterruptedException());

    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    assertThat(e.getMessage())
        .isEqualTo("atmos terraform plan was interrupted; stopped the process (pid 7)");
  }
}
