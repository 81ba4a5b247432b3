package dev.baton.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.LeaseLostException;
import dev.baton.StaleWriteException;
import dev.baton.Tag;
import dev.baton.aws.dynamo.DynaliteServer;
import dev.baton.aws.fake.AwsTestClients;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentStart;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Fence;
import dev.baton.spi.Lease;
import dev.baton.spi.LeaseKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.RetryableException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The checks are made by DynamoDB, in the write's condition, not by reading first: another writer
 * is let in after this writer has sent nothing but its own state says go (everything a read would
 * show lets the write through), just before this writer's {@code UpdateItem} leaves; DynamoDB still
 * refuses it.
 */
class DynamoDbConditionTest {
  private static final EnvironmentName DEV = EnvironmentName.parse("dev");
  private static final ImageReference REPO =
      ImageReference.parse("registry.example.test/acme/shop");
  private static final AtomicInteger COMMITS = new AtomicInteger();

  @RegisterExtension static final DynaliteServer server = new DynaliteServer();
  private static DynamoDbClient interceptedClient;
  private static final Interloper INTERLOPER = new Interloper();

  /**
   * Runs a scripted write once, on the thread of the next UpdateItem, before it is sent; or loses
   * the answer of the next UpdateItem after DynamoDB made it, so that the SDK sends it again.
   */
  private static final class Interloper implements ExecutionInterceptor {
    private final AtomicReference<Runnable> next = new AtomicReference<>();
    private final AtomicBoolean loseAnswer = new AtomicBoolean();

    void beforeNextUpdate(Runnable write) {
      next.set(write);
    }

    void loseNextUpdateAnswer() {
      loseAnswer.set(true);
    }

    @Override
    public void afterTransmission(
        Context.AfterTransmission context, ExecutionAttributes attributes) {
      if (context.request() instanceof UpdateItemRequest && loseAnswer.getAndSet(false)) {
        throw RetryableException.create("the answer was lost on the way back");
      }
    }

    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      if (context.request() instanceof UpdateItemRequest) {
        Runnable write = next.getAndSet(null);
        if (write != null) {
          write.run();
        }
      }
    }
  }

  @BeforeAll
  static void start() {
    interceptedClient = AwsTestClients.dynamoDb(server.dynalite().endpoint(), INTERLOPER);
  }

  @AfterAll
  static void stop() {
    interceptedClient.close();
  }

  /**
   * Two writers on one new table: {@code paused}, whose calls the interloper sees, and {@code
   * other}, which writes straight to DynamoDB.
   */
  private record Writers<T>(T paused, T other) {
    static <T> Writers<T> onNewTable(String prefix, Supplier<DynamoDbBuilder<T>> builder) {
      String table = server.newTable(prefix);
      return new Writers<>(
          DynaliteServer.build(builder.get(), interceptedClient, table),
          DynaliteServer.build(builder.get(), server.client(), table));
    }
  }

  @Test
  void fencedSuccess_whenANewerWriterLandsBetweenReadAndWrite_isRefused() {
    Writers<DynamoDbDeploymentLedger> ledgers =
        Writers.onNewTable("fence", DynamoDbDeploymentLedger::builder);
    DynamoDbDeploymentLedger paused = ledgers.paused();
    DynamoDbDeploymentLedger other = ledgers.other();
    DeploymentTarget dev = DeploymentTarget.of(DEV);
    Fence mine = Fence.of(1, paused.current(dev));
    DeploymentRecord begun = begin(paused, dev, mine);
    AtomicReference<DeploymentRecord> newer = new AtomicReference<>();
    INTERLOPER.beforeNextUpdate(
        () -> {
          // Everything a read shows lets the paused writer through...
          assertThat(mine.violation(1, other.current(dev))).isEmpty();
          // ...when a newer lease deploys.
          Fence theirs = Fence.of(2, other.current(dev));
          DeploymentRecord d = begin(other, dev, theirs);
          newer.set(other.finish(d, DeploymentState.SUCCESS, "", theirs));
        });

    assertThatThrownBy(() -> paused.finish(begun, DeploymentState.SUCCESS, "", mine))
        .isInstanceOf(StaleWriteException.class)
        .hasMessageContaining("token 2");

    assertThat(paused.current(dev)).map(DeploymentRecord::id).contains(newer.get().id());
    assertThat(paused.history(DEV))
        .filteredOn(d -> d.id().equals(begun.id()))
        .extracting(DeploymentRecord::state)
        .containsExactly(DeploymentState.IN_PROGRESS);
    assertThat(paused.hasSucceeded(DEV, begun.digest())).isFalse();
  }

  @Test
  void fencedBegin_whenAnotherSuccessLandsBetweenReadAndWrite_isRefusedAndRecordsNothing() {
    Writers<DynamoDbDeploymentLedger> ledgers =
        Writers.onNewTable("fence", DynamoDbDeploymentLedger::builder);
    DeploymentTarget dev = DeploymentTarget.of(DEV);
    Fence mine = Fence.of(5, ledgers.paused().current(dev));
    INTERLOPER.beforeNextUpdate(
        () -> {
          DeploymentRecord d = begin(ledgers.other(), dev, Fence.none());
          ledgers.other().finish(d, DeploymentState.SUCCESS, "");
        });

    assertThatThrownBy(() -> begin(ledgers.paused(), dev, mine))
        .isInstanceOf(StaleWriteException.class)
        .hasMessageContaining("not none as read");

    assertThat(ledgers.paused().history(DEV)).hasSize(1);
  }

  @Test
  void tryAcquire_whenAnotherTakesTheLapsedKeyBetweenReadAndWrite_isEmpty()
      throws InterruptedException {
    Writers<DynamoDbLeaseStore> stores = Writers.onNewTable("lease", DynamoDbLeaseStore::builder);
    DynamoDbLeaseStore late = stores.paused();
    DynamoDbLeaseStore quick = stores.other();
    LeaseKey key = new LeaseKey("target/dev");
    Lease lapsed = quick.tryAcquire(key, "run-1", Duration.ofMillis(100)).orElseThrow();
    Thread.sleep(250);
    AtomicReference<Lease> winner = new AtomicReference<>();
    INTERLOPER.beforeNextUpdate(
        () -> {
          assertThat(late.holder(key)).isEmpty(); // a read says the key is free...
          winner.set(quick.tryAcquire(key, "run-3", Duration.ofMinutes(1)).orElseThrow());
        });

    assertThat(late.tryAcquire(key, "run-2", Duration.ofMinutes(1))).isEmpty();

    assertThat(winner.get().token()).isGreaterThan(lapsed.token());
    assertThat(late.holder(key)).map(Lease::owner).contains("run-3");
  }

  @Test
  void renew_whenAnotherTakesTheLapsedKeyBetweenReadAndWrite_isLost() throws InterruptedException {
    Writers<DynamoDbLeaseStore> stores = Writers.onNewTable("lease", DynamoDbLeaseStore::builder);
    LeaseKey key = new LeaseKey("target/dev");
    Lease mine = stores.paused().tryAcquire(key, "run-1", Duration.ofMillis(100)).orElseThrow();
    Thread.sleep(250);
    INTERLOPER.beforeNextUpdate(
        () -> stores.other().tryAcquire(key, "run-2", Duration.ofMinutes(1)).orElseThrow());

    assertThatThrownBy(() -> stores.paused().renew(mine, Duration.ofMinutes(1)))
        .isInstanceOf(LeaseLostException.class);

    assertThat(stores.paused().holder(key)).map(Lease::owner).contains("run-2");
  }

  @Test
  void tryAcquire_whenTheAnswerIsLostAndTheSdkRetries_grantsTheLeaseOnce() {
    String table = server.newTable("lease");
    DynamoDbLeaseStore store =
        DynaliteServer.build(DynamoDbLeaseStore.builder(), interceptedClient, table);
    LeaseKey key = new LeaseKey("target/dev");
    INTERLOPER.loseNextUpdateAnswer();

    Lease lease = store.tryAcquire(key, "run-1", Duration.ofMinutes(1)).orElseThrow();

    assertThat(store.holder(key)).map(Lease::token).contains(lease.token());
    assertThat(store.tryAcquire(key, "run-1", Duration.ofMinutes(1))).isEmpty();
  }

  @Test
  void fencedFinishAndDeactivate_whenTheAnswerIsLostAndTheSdkRetries_areMadeOnce() {
    String table = server.newTable("fence");
    DynamoDbDeploymentLedger ledger =
        DynaliteServer.build(DynamoDbDeploymentLedger.builder(), interceptedClient, table);
    DeploymentTarget pr = DeploymentTarget.pullRequest(EnvironmentName.parse("preview"), 4);
    Fence fence = Fence.of(3, ledger.current(pr));
    DeploymentRecord begun = begin(ledger, pr, fence);
    INTERLOPER.loseNextUpdateAnswer();

    ledger.finish(begun, DeploymentState.SUCCESS, "", fence);

    assertThat(ledger.current(pr)).map(DeploymentRecord::id).contains(begun.id());
    Fence destroy = Fence.of(3, ledger.current(pr));
    INTERLOPER.loseNextUpdateAnswer();

    ledger.deactivate(pr, destroy);

    assertThat(ledger.current(pr)).isEmpty();
  }

  private static DeploymentRecord begin(
      DynamoDbDeploymentLedger ledger, DeploymentTarget target, Fence fence) {
    CommitSha commit = CommitSha.parse(String.format("%040x", COMMITS.incrementAndGet()));
    ImageReference image =
        REPO.withTag(Tag.parse("sha-" + commit.shortForm()))
            .withDigest(Digest.sha256(commit.value().getBytes(StandardCharsets.UTF_8)));
    return ledger.begin(new DeploymentStart(target, commit, image, Map.of()), fence);
  }
}
