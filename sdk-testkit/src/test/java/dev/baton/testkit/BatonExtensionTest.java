package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ParameterContext;

/** {@link BatonExtension} injects a fresh {@link TestPipeline} into constructors and methods. */
@ExtendWith(BatonExtension.class)
class BatonExtensionTest {
  private final TestPipeline fromConstructor;

  BatonExtensionTest(TestPipeline fromConstructor) {
    this.fromConstructor = fromConstructor;
  }

  @Test
  void methodParameter_isAFreshWorkingPipeline(TestPipeline baton) {
    assertThat(baton).isNotNull();
    assertThat(baton.pipeline()).isNotNull();
    assertThat(baton.deployer().deploys()).isEmpty();
    assertThat(baton.registry().resolveCalls()).isZero();
  }

  @Test
  void constructorAndMethodParameters_areSeparateInstances(TestPipeline baton) {
    assertThat(fromConstructor).isNotNull().isNotSameAs(baton);
    baton.pushBuild();
    assertThat(fromConstructor.registry().tagWrites()).isEmpty();
    assertThat(fromConstructor.registry()).isNotSameAs(baton.registry());
  }

  @Test
  void supportsParameter_isTrueForTestPipelineOnly() throws NoSuchMethodException {
    BatonExtension extension = new BatonExtension();
    Method sample =
        BatonExtensionTest.class.getDeclaredMethod("sample", TestPipeline.class, String.class);

    assertThat(extension.supportsParameter(contextOf(sample.getParameters()[0]), null)).isTrue();
    assertThat(extension.supportsParameter(contextOf(sample.getParameters()[1]), null)).isFalse();
    assertThat(extension.resolveParameter(contextOf(sample.getParameters()[0]), null))
        .isInstanceOf(TestPipeline.class)
        .isNotSameAs(extension.resolveParameter(contextOf(sample.getParameters()[0]), null));
  }

  /** The signature the resolver is asked about. */
  @SuppressWarnings("unused")
  private static void sample(TestPipeline pipeline, String other) {}

  private static ParameterContext contextOf(Parameter parameter) {
    return (ParameterContext)
        Proxy.newProxyInstance(
            ParameterContext.class.getClassLoader(),
            new Class<?>[] {ParameterContext.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getParameter")) {
                return parameter;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
