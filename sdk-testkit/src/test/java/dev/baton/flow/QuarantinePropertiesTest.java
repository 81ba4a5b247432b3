package dev.baton.flow;

import static dev.baton.flow.ClockedFlow.MONDAY_MORNING;
import static dev.baton.flow.ClockedFlow.SATURDAY;
import static dev.baton.flow.Events.DEV;
import static dev.baton.flow.Events.STAGING;
import static dev.baton.flow.Events.onStaging;
import static dev.baton.flow.Events.published;
import static dev.baton.flow.Events.pushToMain;
import static dev.baton.flow.Events.target;
import static dev.baton.flow.Tables.OFFICE_HOURS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.baton.BatonException;
import dev.baton.BreakGlass;
import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.Environments;
import dev.baton.Freeze;
import dev.baton.InMemoryDeploymentLedger;
import dev.baton.PromotionPipeline;
import dev.baton.Tag;
import dev.baton.spi.ApprovalDecision;
import dev.baton.spi.DeployRequest;
import dev.baton.testkit.MutableClock;
import dev.baton.testkit.TestPipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * No combination of gates lets a quarantined digest through: whatever the windows, freezes, soaks,
 * approvals and break-glass override, and whichever operation asks for it (a push to main, a
 * release, a direct deploy, a rollback), no deploy of it and no release tag on it is made; and none
 * lets a deploy into a frozen environment without the break-glass override. Each example draws its
 * gates from one seed, which QuickTheories prints (with its own "Seed was N") when an example
 * fails; {@link #describe} says what the seed drew.
 */
class QuarantinePropertiesTest {
  private static final EnvironmentName PROD = EnvironmentName.parse("prod");
  private static final Tag RELEASE = Tag.parse("9.9.9");

  private final AtomicInteger passedOnceReleased = new AtomicInteger();
  private final AtomicInteger passedWithBreakGlass = new AtomicInteger();

  @Test
  void noCombinationOfGates_letsAQuarantinedDigestThrough() {
    checkSeeds(
        150,
        this::check,
        passedOnceReleased,
        "draws whose request went through once the quarantine was lifted");
  }

  /**
   * Nor does any combination of the other gates let a deploy into a frozen environment, unless the
   * break-glass override is used (which is what it is for, and which some draws then pass).
   */
  @Test
  void noCombinationOfGates_withoutBreakGlass_deploysIntoAFreeze() {
    checkSeeds(
        100,
        this::checkFrozen,
        passedWithBreakGlass,
        "draws whose request went through with the break-glass override");
  }

  /**
   * Checks the property for {@code examples} seeds, then that its control went through for some of
   * them, so that the property did not hold only because every draw was refused anyway.
   */
  private static void checkSeeds(
      int examples, Consumer<Long> check, AtomicInteger controlPassed, String control) {
    qt().withExamples(examples).forAll(longs().all()).checkAssert(check);
    assertThat(controlPassed.get()).as(control).isPositive();
  }

  private void checkFrozen(long seed) {
    Draw drawn = Draw.of(seed);
    Draw d =
        new Draw(
            drawn.windows(),
            true,
            drawn.soak(),
            drawn.elapsed(),
            drawn.weekend(),
            drawn.approve(),
            false,
            drawn.operation());
    Example e = new Example();
    CommitSha commit = e.commit;
    TestPipeline t = e.t;
    int deploysBefore = t.deployer().deploys().size();

    e.advanceTo(d);
    t.approvals().approveAll("bob");
    PromotionPipeline frozen = e.gated(d);
    String why = "seed " + seed + " draws " + d + " (every environment frozen)";
    assertThatThrownBy(() -> operation(frozen, d, commit), why).isInstanceOf(BatonException.class);
    assertThat(t.deployer().deploys().subList(deploysBefore, t.deployer().deploys().size()))
        .as(why)
        .isEmpty();

    // The control: the override lets the same request through for some draws (others are still
    // held by a window, a soak or an upstream), so the refusals above are the freeze's.
    try {
      operation(frozen.withBreakGlass(BreakGlass.of("carol", "outage")), d, commit);
      passedWithBreakGlass.incrementAndGet();
    } catch (BatonException refusedByAnotherGate) {
      // A closed window, a soak or an upstream that has not run the digest: as it should be.
    }
  }

  private static void operation(PromotionPipeline p, Draw d, CommitSha commit) {
    switch (d.operation()) {
      case 0 -> p.run(pushToMain(commit));
      case 1 -> p.run(published(RELEASE.value(), commit));
      case 2 -> p.deploy(target(STAGING), commit);
      case 3 -> p.deploy(DeploymentTarget.of(PROD), commit);
      default -> p.rollback(target(DEV));
    }
  }

  /** What one seed draws. */
  private record Draw(
      boolean windows,
      boolean freeze,
      boolean soak,
      Duration elapsed,
      boolean weekend,
      boolean approve,
      boolean breakGlass,
      int operation) {
    static Draw of(long seed) {
      Random r = new Random(seed);
      return new Draw(
          r.nextBoolean(),
          r.nextBoolean(),
          r.nextBoolean(),
          Duration.ofMinutes(r.nextInt(6 * 60)),
          r.nextBoolean(),
          r.nextBoolean(),
          r.nextBoolean(),
          r.nextInt(5));
    }
  }

  private static String describe(long seed) {
    return "seed " + seed + " draws " + Draw.of(seed);
  }

  private void check(long seed) {
    Draw d = Draw.of(seed);
    Example e = new Example();
    TestPipeline t = e.t;
    PromotionPipeline open = e.open;

    // The digest ran in dev and staging before it was quarantined; dev then moved on.
    CommitSha bad = e.commit;
    Digest digest = e.ledger.build(bad).orElseThrow().digest();
    open.quarantine(digest, "alice", "corrupts orders");
    int deploysBefore = t.deployer().deploys().size();

    e.advanceTo(d);
    if (d.approve()) {
      t.approvals().approveAll("bob");
    } else {
      t.approvals().nextDecision(ApprovalDecision.rejectedBy("bob", "not now"));
    }
    PromotionPipeline gated = e.gated(d);
    if (d.breakGlass()) {
      gated = gated.withBreakGlass(BreakGlass.of("carol", "outage"));
    }
    PromotionPipeline p = gated;

    Runnable operation = () -> operation(p, d, bad);
    assertThatThrownBy(operation::run, describe(seed)).isInstanceOf(BatonException.class);
    List<DeployRequest> after =
        new ArrayList<>(
            t.deployer().deploys().subList(deploysBefore, t.deployer().deploys().size()));
    assertThat(after)
        .as(describe(seed))
        .noneMatch(r -> r.image().digest().orElseThrow().equals(digest));
    assertThat(t.registry().resolve(TestPipeline.REPOSITORY.withTag(RELEASE)))
        .as(describe(seed))
        .isEmpty();

    // The control: released, the same request under the same gates does go through for some
    // draws, so the refusals above are the quarantine's and not only the other gates'.
    open.release(digest, "alice", "fixed");
    try {
      operation.run();
      passedOnceReleased.incrementAndGet();
    } catch (BatonException refusedByAnotherGate) {
      // A closed window, a freeze, a soak or a rejection: that gate's refusal, as it should be.
    }
  }

  /**
   * One example's fakes and ledger, on a clock that starts on Monday morning, with no gate: a
   * commit ran in dev and staging, and dev then moved on to a newer one.
   */
  private static final class Example {
    final MutableClock clock = new MutableClock(MONDAY_MORNING);
    final TestPipeline t = TestPipeline.create();
    final InMemoryDeploymentLedger ledger = new InMemoryDeploymentLedger(clock);
    final PromotionPipeline open = t.builder().ledger(ledger).clock(clock).build();
    final CommitSha commit = onStaging(t, open);

    Example() {
      open.run(pushToMain(t.pushBuild()));
    }

    /** Moves the clock to the drawn day and time, just past the drawn time since Monday 10:00. */
    void advanceTo(Draw d) {
      clock.advance(
          Duration.between(MONDAY_MORNING, d.weekend() ? SATURDAY : MONDAY_MORNING)
              .plus(d.elapsed())
              .plus(Duration.ofSeconds(1)));
    }

    /** The same fakes, ledger and clock, under the drawn gates. */
    PromotionPipeline gated(Draw d) {
      return t.builder().environments(gates(d)).ledger(ledger).clock(clock).build();
    }
  }

  /** The standard table with the drawn gates on dev, staging and prod. */
  private static Environments gates(Draw d) {
    Environments.Builder table = Environments.standard().toBuilder();
    for (String name : List.of("dev", "staging", "prod")) {
      table.change(
          name,
          b -> {
            if (d.windows()) {
              b.windows(OFFICE_HOURS);
            }
            if (d.freeze()) {
              b.freezes(
                  Freeze.between(MONDAY_MORNING, SATURDAY.plus(Duration.ofDays(1)), "holidays"));
            }
            if (d.soak() && !name.equals("dev")) {
              b.soak(Duration.ofHours(2));
            }
            return b;
          });
    }
    return table.build();
  }
}
