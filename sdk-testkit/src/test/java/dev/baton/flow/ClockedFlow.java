package dev.baton.flow;

import dev.baton.Environments;
import dev.baton.InMemoryDeploymentLedger;
import dev.baton.PromotionPipeline;
import dev.baton.testkit.MutableClock;
import dev.baton.testkit.TestPipeline;
import java.time.Instant;

/**
 * What the policy tests share: the testkit's fakes and one ledger, both on a controlled clock that
 * starts on Monday morning, and pipelines of them over the table a test chooses.
 */
abstract class ClockedFlow {
  /** Monday 2026-01-05 10:00 in Berlin. */
  static final Instant MONDAY_MORNING = Instant.parse("2026-01-05T09:00:00Z");

  /** The Saturday after, 10:00 in Berlin: outside office hours. */
  static final Instant SATURDAY = Instant.parse("2026-01-10T09:00:00Z");

  final MutableClock clock = new MutableClock(MONDAY_MORNING);
  final TestPipeline t = TestPipeline.create();
  final InMemoryDeploymentLedger ledger = new InMemoryDeploymentLedger(clock);

  /**
   * @param table the environment table
   * @return a builder of {@link #t}'s fakes over {@code table}, whose ledger and policies read
   *     {@link #clock}
   */
  PromotionPipeline.Builder onClock(Environments table) {
    return t.builder().environments(table).ledger(ledger).clock(clock);
  }
}
