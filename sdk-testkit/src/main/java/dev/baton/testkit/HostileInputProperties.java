package dev.baton.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Marks a class of property tests over {@link HostileInputs}: each test gets 60 seconds, on a
 * thread of its own so that a parser that never returns still fails it, and a test that fails while
 * a {@link HostileInputs#check} has not returned (its timeout stopped it) says which input that
 * was, so that it can be made again.
 *
 * <pre>{@code
 * @HostileInputProperties
 * class HostileConfigPropertiesTest {
 *   @Test void anyFile_isReadOrRefused() {
 *     qt().forAll(arbitrary().pick(HostileInputs.MOSTLY_SMALL), longs().all())
 *         .checkAssert((kind, seed) -> inputs.check(kind, seed, bytes -> parse(bytes)));
 *   }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@ExtendWith(HostileInputProperties.NameTheInput.class)
public @interface HostileInputProperties {
  /** Adds the input being checked to the failure of a test stopped in the middle of a check. */
  final class NameTheInput implements TestExecutionExceptionHandler {
    /** Used by JUnit. */
    public NameTheInput() {}

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown)
        throws Throwable {
      Optional<String> input = HostileInputs.inFlight();
      if (input.isEmpty()) {
        throw thrown;
      }
      throw new AssertionError(
          thrown.getMessage()
              + "; it was checking "
              + input.get()
              + ", which HostileInputs.make(kind, seed) makes again",
          thrown);
    }
  }
}
