package dev.baton.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects a fresh {@link TestPipeline} into test methods and constructors:
 *
 * <pre>{@code
 * @ExtendWith(BatonExtension.class)
 * class MyPlatformTest {
 *   @Test void deploysDev(TestPipeline baton) { ... }
 * }
 * }</pre>
 */
public final class BatonExtension implements ParameterResolver {
  /** Used by JUnit. */
  public BatonExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestPipeline.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return TestPipeline.create();
  }
}
