package dev.baton;

import dev.baton.internal.Durations;
import dev.baton.internal.retry.Waits;
import dev.baton.spi.CommitHistory;
import dev.baton.spi.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The lease settings {@link PromotionPipeline.Builder} and {@link TagWriter.Builder} both take,
 * with one set of defaults and checks, and the {@link LeaseCoordinator} made from them.
 *
 * @param <B> the builder, returned by the setters so that calls chain
 */
abstract class LeaseSettings<B extends LeaseSettings<B>> {
  private LeaseStore leases;
  private Duration leaseTimeToLive = Duration.ofSeconds(60);
  private Duration leaseWait = Duration.ofMinutes(30);

  LeaseSettings() {}

  /**
   * @param leases where leases are kept; in this process's memory by default, which serialises this
   *     process's runs only. Give every process of a flow the same shared store (DynamoDB in
   *     sdk-aws, PostgreSQL in sdk-jdbc) to serialise them all.
   * @return this builder
   */
  public B leases(LeaseStore leases) {
    this.leases = Objects.requireNonNull(leases, "leases");
    return self();
  }

  /**
   * @param ttl how long a lease lasts unless renewed (it is renewed every third of that while its
   *     work runs): how long a crashed holder blocks others; 60 seconds by default
   * @return this builder
   */
  public B leaseTimeToLive(Duration ttl) {
    this.leaseTimeToLive = Durations.positive(ttl, "leaseTimeToLive");
    return self();
  }

  /**
   * @param wait how long a run or a write waits for a lease before it fails; 30 minutes by default
   * @return this builder
   */
  public B leaseWait(Duration wait) {
    this.leaseWait = Durations.positive(wait, "leaseWait");
    return self();
  }

  LeaseCoordinator coordinator(CommitHistory history, Duration poll, Clock clock) {
    return new LeaseCoordinator(
        leases == null ? new InMemoryLeaseStore(clock) : leases,
        history,
        leaseTimeToLive,
        leaseWait,
        poll,
        Waits.SYSTEM,
        clock);
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }
}
