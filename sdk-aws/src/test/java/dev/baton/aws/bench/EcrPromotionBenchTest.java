package dev.baton.aws.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs {@link EcrPromotionBench} under surefire, for machines without the exec plugin; about 45 s,
 * most of it the batch of 300 paced at ECR's default 10 PutImage calls per second. Runs only when
 * asked:
 *
 * <pre>
 * ./mvnw -o -q -pl sdk-aws -am test -Dbaton.bench=true -Dtest=EcrPromotionBenchTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@EnabledIfSystemProperty(named = "baton.bench", matches = "true")
class EcrPromotionBenchTest {
  @Test
  void bench() {
    EcrPromotionBench.main(new String[0]);
  }
}
