package com.example.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.RebuildDetectedException;
import dev.baton.ReleaseVersion;
import dev.baton.TagConflictException;
import dev.baton.testkit.TestPipeline;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The train on the testkit's fakes: one {@link TestPipeline} (its own fakes) per service. */
class ReleaseTrainTest {
  private static final DeploymentTarget DEV = DeploymentTarget.of(EnvironmentName.parse("dev"));
  private static final DeploymentTarget STAGING =
      DeploymentTarget.of(EnvironmentName.parse("staging"));
  private static final ReleaseVersion VERSION = ReleaseVersion.parse("2026.12.0");

  private final TestPipeline cart = TestPipeline.create();
  private final TestPipeline checkout = TestPipeline.create();
  private final TestPipeline payments = TestPipeline.create();

  @Test
  void promote_whenEveryServiceRanInDev_allGoAndEachRunsTheDigestDevRan() {
    ReleaseTrain train =
        new ReleaseTrain(
            List.of(
                builtAndInDev("cart", cart),
                builtAndInDev("checkout", checkout),
                builtAndInDev("payments", payments)));

    ReleaseTrain.Report report = train.promote(STAGING, VERSION);

    assertThat(report.complete()).isTrue();
    assertThat(report.departed())
        .extracting(ReleaseTrain.Departure::service)
        .containsExactly("cart", "checkout", "payments");
    for (TestPipeline service : List.of(cart, checkout, payments)) {
      assertThat(service.registry().digestOf(TestPipeline.REPOSITORY.withTag(VERSION.imageTag())))
          .as("the release tag names the build's digest, no rebuild")
          .isEqualTo(
              service
                  .registry()
                  .digestOf(
                      TestPipeline.REPOSITORY.withTag(
                          service.deployer().deploys().get(0).image().tag().orElseThrow())));
      assertThat(service.deployer().deploys())
          .extracting(d -> d.image().digest())
          .as("dev, staging and prod all ran the same digest")
          .hasSize(3)
          .containsOnly(service.deployer().deploys().get(0).image().digest());
    }
  }

  @Test
  void promote_whenAServiceWasRebuilt_stopsThereAndLeavesTheRestUntouched() {
    ReleaseTrain.Service first = builtAndInDev("cart", cart);
    ReleaseTrain.Service second = builtAndInDev("checkout", checkout);
    checkout.pushBuild(second.commit()); // CI built the same commit again: another digest
    payments.pushBuild(CommitSha.parse("c".repeat(40)));
    ReleaseTrain.Service third =
        new ReleaseTrain.Service("payments", payments.pipeline(), CommitSha.parse("c".repeat(40)));

    ReleaseTrain.Report report =
        new ReleaseTrain(List.of(first, second, third)).promote(STAGING, VERSION);

    assertThat(report.departed())
        .extracting(ReleaseTrain.Departure::service)
        .containsExactly("cart");
    assertThat(report.stop())
        .hasValueSatisfying(
            stop -> {
              assertThat(stop.service()).isEqualTo("checkout");
              assertThat(stop.refused()).isTrue();
              assertThat(stop.cause()).isInstanceOf(RebuildDetectedException.class);
            });
    assertThat(report.notStarted()).containsExactly("payments");
    assertThat(checkout.registry().digestOf(TestPipeline.REPOSITORY.withTag(VERSION.imageTag())))
        .as("checkout was not tagged with the release")
        .isEmpty();
    assertThat(checkout.deployer().deploys()).as("only its earlier dev deploy").hasSize(1);
    assertThat(payments.registry().resolveCalls()).as("payments' registry saw no call").isZero();
    assertThat(payments.registry().tagWrites()).isEmpty();
    assertThat(payments.deployer().deploys()).as("payments' deployer saw no call").isEmpty();
    assertThat(payments.events()).as("payments' pipeline never ran").isEmpty();
  }

  @Test
  void promote_whenTheReleaseTagNamesAnotherImage_isRefusedAndTheTagStays() {
    ReleaseTrain.Service first = builtAndInDev("cart", cart);
    ReleaseTrain.Service second = builtAndInDev("checkout", checkout);
    var squatter =
        checkout.registry().pushImage(TestPipeline.REPOSITORY.withTag(VERSION.imageTag()));

    ReleaseTrain.Report report = new ReleaseTrain(List.of(first, second)).promote(STAGING, VERSION);

    assertThat(report.complete()).isFalse();
    assertThat(report.stop())
        .hasValueSatisfying(
            stop -> assertThat(stop.cause()).isInstanceOf(TagConflictException.class));
    assertThat(checkout.registry().digestOf(TestPipeline.REPOSITORY.withTag(VERSION.imageTag())))
        .contains(squatter.digest());
    assertThat(report.toString()).contains("went        cart", "refused     checkout");
  }

  /** Plays CI and the push to main: a new build of a new commit, deployed to dev. */
  private static ReleaseTrain.Service builtAndInDev(String name, TestPipeline service) {
    CommitSha commit = service.pushBuild();
    service.pipeline().deploy(DEV, commit);
    return new ReleaseTrain.Service(name, service.pipeline(), commit);
  }
}
