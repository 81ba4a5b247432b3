package dev.baton.aws.bench;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.Tag;
import dev.baton.aws.DynamoDbDeploymentLedger;
import dev.baton.aws.DynamoDbLeaseStore;
import dev.baton.aws.DynamoDbTables;
import dev.baton.aws.fake.AwsTestClients;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentStart;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Fence;
import dev.baton.spi.Lease;
import dev.baton.spi.LeaseKey;
import dev.baton.spi.LeaseWaiter;
import dev.baton.testkit.Timings;
import dev.baton.testkit.servers.Dynalite;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Prints the DynamoDB calls and the wall time of each coordination step, against Dynalite on
 * 127.0.0.1 through the real client (so times measure this SDK, the AWS SDK's signing and HTTP, and
 * Dynalite, not DynamoDB). Calls are counted by an {@link ExecutionInterceptor}, once per API call
 * whatever the SDK's retries. Runs only when asked:
 *
 * <pre>
 * ./mvnw -o -q -pl sdk-aws -am test -Dbaton.bench=true -Dtest=DynamoDbCoordinationBenchTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@EnabledIfSystemProperty(named = "baton.bench", matches = "true")
class DynamoDbCoordinationBenchTest {
  private static final int WARM_UP = 100;
  private static final int ROUNDS = 300;
  private static final Duration TTL = Duration.ofMinutes(5);
  private static final ImageReference REPO =
      ImageReference.parse("registry.example.test/acme/shop");

  /** Counts API calls by operation. */
  private static final class CallCounter implements ExecutionInterceptor {
    final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      String operation = context.request().getClass().getSimpleName().replace("Request", "");
      calls.computeIfAbsent(operation, o -> new LongAdder()).increment();
    }

    void reset() {
      calls.clear();
    }

    long total() {
      return calls.values().stream().mapToLong(LongAdder::sum).sum();
    }

    String byOperation(int rounds) {
      return new TreeMap<>(calls)
          .entrySet().stream()
              .map(e -> e.getKey() + " " + fmt((double) e.getValue().sum() / rounds))
              .collect(Collectors.joining(", "));
    }
  }

  @Test
  void printCallsAndTimePerStep() {
    CallCounter counter = new CallCounter();
    try (Dynalite dynalite = Dynalite.start();
        DynamoDbClient client = AwsTestClients.dynamoDb(dynalite.endpoint(), counter)) {
      DynamoDbTables.create(client, "bench");
      DynamoDbLeaseStore leases =
          DynamoDbLeaseStore.builder().client(client).table("bench").build();
      DynamoDbDeploymentLedger ledger =
          DynamoDbDeploymentLedger.builder().client(client).table("bench").build();
      DeploymentTarget dev = DeploymentTarget.of(EnvironmentName.parse("dev"));
      DeploymentTarget staging = DeploymentTarget.of(EnvironmentName.parse("staging"));
      LeaseKey key = LeaseKey.of(dev);

      System.out.printf(
          Locale.ROOT,
          "%nDynamoDB calls and wall time per step (Dynalite %s on 127.0.0.1, %d rounds after %d"
              + " warm-up)%n",
          Dynalite.VERSION,
          ROUNDS,
          WARM_UP);
      System.out.printf(
          Locale.ROOT,
          "%-52s | %5s | %9s | %9s | %s%n",
          "step",
          "calls",
          "mean ms",
          "p95 ms",
          "by operation");
      measure(
          "lease acquire + renew + release",
          counter,
          i -> {
            Lease l = leases.tryAcquire(key, "run-" + i, TTL).orElseThrow();
            leases.release(leases.renew(l, TTL));
          });
      measure(
          "fenced deploy record (begin + finish)",
          counter,
          i -> {
            Fence fence = Fence.of(i + 1L, Optional.ofNullable(lastCurrent[0]));
            DeploymentRecord d =
                ledger.begin(new DeploymentStart(dev, commit(i), image(i), Map.of()), fence);
            lastCurrent[0] = ledger.finish(d, DeploymentState.SUCCESS, "", fence);
          });
      measure("read of the current deployment", counter, i -> ledger.current(dev));
      measure(
          "whole deploy: acquire, read, begin, finish, release",
          counter,
          i -> {
            Lease l = leases.tryAcquire(LeaseKey.of(staging), "deploy-" + i, TTL).orElseThrow();
            Fence fence = Fence.of(l.token(), ledger.current(staging));
            DeploymentRecord d =
                ledger.begin(new DeploymentStart(staging, commit(i), image(i), Map.of()), fence);
            ledger.finish(d, DeploymentState.SUCCESS, "", fence);
            leases.release(l);
          });
      measure(
          "queue: join + one refresh + leave",
          counter,
          i -> {
            LeaseWaiter w = leases.join(key, "waiter-" + i, Optional.empty(), TTL);
            leases.queue(w, TTL);
            leases.leave(w);
          });
    }
  }

  private final DeploymentRecord[] lastCurrent = new DeploymentRecord[1];
  private int tokenBase;

  private void measure(String step, CallCounter counter, IntConsumer round) {
    int base = tokenBase;
    for (int i = 0; i < WARM_UP; i++) {
      round.accept(base + i);
    }
    counter.reset();
    Timings timings = Timings.of(ROUNDS, i -> round.accept(base + WARM_UP + i));
    tokenBase = base + WARM_UP + ROUNDS;
    System.out.printf(
        Locale.ROOT,
        "%-52s | %5s | %9s | %9s | %s%n",
        step,
        fmt((double) counter.total() / ROUNDS),
        fmt(timings.meanMillis()),
        fmt(timings.percentileMillis(0.95)),
        counter.byOperation(ROUNDS));
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static CommitSha commit(int i) {
    return CommitSha.parse(String.format(Locale.ROOT, "%040x", i + 1));
  }

  private static ImageReference image(int i) {
    CommitSha c = commit(i);
    return REPO.withTag(Tag.parse("sha-" + c.shortForm()))
        .withDigest(Digest.sha256(c.value().getBytes(StandardCharsets.UTF_8)));
  }
}
