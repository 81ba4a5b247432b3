package dev.baton.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.AccessDeniedException;
import dev.baton.ConfigurationException;
import dev.baton.Secret;
import dev.baton.aws.fake.AwsTestClients;
import dev.baton.aws.fake.FakeEcr;
import dev.baton.aws.internal.AwsHints;
import dev.baton.testkit.Latches;
import dev.baton.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;

/** ECR registry credentials from GetAuthorizationToken, cached for the token's lifetime. */
class EcrCredentialsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private FakeEcr ecr;
  private EcrClient client;
  private EcrCredentials credentials;

  @BeforeEach
  void start() {
    ecr = new FakeEcr();
    ecr.tokens(clock, Duration.ofHours(12));
    client = AwsTestClients.ecr(ecr);
    credentials = EcrCredentials.builder().client(client).clock(clock).build();
  }

  @AfterEach
  void stop() {
    credentials.close();
    client.close();
    ecr.close();
  }

  @Test
  void forRegistry_ecrHost_givesUserAwsAndTheTokenPassword() {
    Map.Entry<String, Secret> login = credentials.forRegistry(FakeEcr.HOST).orElseThrow();

    assertThat(login.getKey()).isEqualTo("AWS");
    assertThat(login.getValue().reveal()).isEqualTo(FakeEcr.password(1));
    assertThat(login.getValue().toString()).doesNotContain(FakeEcr.password(1));
    assertThat(credentials.toString()).doesNotContain(FakeEcr.password(1));
    assertThat(ecr.calls("GetAuthorizationToken")).hasSize(1);
  }

  @Test
  void forRegistry_withPort_isTheSameRegistry() {
    assertThat(credentials.forRegistry(FakeEcr.HOST + ":443")).isPresent();
  }

  @Test
  void forRegistry_otherHosts_areEmptyWithoutAnyCall() {
    assertThat(credentials.forRegistry("ghcr.io")).isEmpty();
    assertThat(credentials.forRegistry("127.0.0.1:5000")).isEmpty();
    assertThat(credentials.forRegistry("public.ecr.aws")).isEmpty();
    assertThat(ecr.calls()).isEmpty();
  }

  @Test
  void forRegistry_reusesTheTokenUntilShortlyBeforeItExpires() {
    credentials.forRegistry(FakeEcr.HOST);
    clock.advance(Duration.ofHours(11).plusMinutes(44));
    assertThat(credentials.forRegistry(FakeEcr.HOST).orElseThrow().getValue().reveal())
        .isEqualTo(FakeEcr.password(1));
    assertThat(ecr.tokensIssued()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(2)); // 11:46, inside the 15-minute refresh margin

    assertThat(credentials.forRegistry(FakeEcr.HOST).orElseThrow().getValue().reveal())
        .isEqualTo(FakeEcr.password(2));
    assertThat(ecr.tokensIssued()).isEqualTo(2);
  }

  @Test
  void forRegistry_otherAccountSameRegion_sharesTheToken() {
    credentials.forRegistry(FakeEcr.HOST);
    credentials.forRegistry("210987654321.dkr.ecr.us-east-1.amazonaws.com");

    assertThat(ecr.tokensIssued()).isEqualTo(1);
  }

  @Test
  void forRegistry_otherRegionThanTheClient_throwsConfiguration() {
    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class,
            () -> credentials.forRegistry(FakeEcr.ACCOUNT + ".dkr.ecr.eu-west-1.amazonaws.com"));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("eu-west-1").contains("us-east-1");
  }

  @Test
  void forRegistry_concurrentCallers_getOneToken() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Optional<Map.Entry<String, Secret>>>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        results.add(
            pool.submit(
                () -> {
                  Latches.await(go, Duration.ofSeconds(10), "the start signal never came");
                  return credentials.forRegistry(FakeEcr.HOST);
                }));
      }
      go.countDown();
      for (Future<Optional<Map.Entry<String, Secret>>> r : results) {
        assertThat(r.get(30, TimeUnit.SECONDS)).isPresent();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(ecr.tokensIssued()).isEqualTo(1);
  }

  @Test
  void apply_makesItAPlainFunctionOfTheHost() {
    Function<String, Optional<Map.Entry<String, Secret>>> provider = credentials;

    assertThat(provider.apply(FakeEcr.HOST))
        .hasValueSatisfying(login -> assertThat(login.getKey()).isEqualTo("AWS"));
  }

  @Test
  void basicAuthorization_isTheTokenAsEcrIssuesIt() {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("AWS:" + FakeEcr.password(1)).getBytes(StandardCharsets.UTF_8));

    assertThat(credentials.basicAuthorization(FakeEcr.HOST).orElseThrow().reveal())
        .isEqualTo(expected);
  }

  @Test
  void forRegistry_whenAccessDenied_throwsAccessDeniedWithAuthHint() {
    ecr.failNext(
        "GetAuthorizationToken",
        400,
        "AccessDeniedException",
        "User: arn:aws:sts::"
            + FakeEcr.ACCOUNT
            + ":assumed-role/github-actions/run-1 is not authorized to perform:"
            + " ecr:GetAuthorizationToken on resource: *");

    AccessDeniedException e =
        catchThrowableOfType(
            AccessDeniedException.class, () -> credentials.forRegistry(FakeEcr.HOST));

    assertThat(e).isNotNull();
    assertThat(e.hint()).isEqualTo(AwsHints.AUTH);
    assertThat(e.getMessage()).contains("ecr:GetAuthorizationToken");
  }
}
