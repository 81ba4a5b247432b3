package com.example.train;

import dev.baton.BatonException;
import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.PolicyViolationException;
import dev.baton.PromotionPipeline;
import dev.baton.ReleaseVersion;
import dev.baton.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A release train: several services, each with its own repository and {@link PromotionPipeline},
 * promoted together under one release version, one after the other, in the order given.
 *
 * <pre>{@code
 * ReleaseTrain train = new ReleaseTrain(List.of(
 *     new ReleaseTrain.Service("cart", cartPipeline, cartCommit),
 *     new ReleaseTrain.Service("checkout", checkoutPipeline, checkoutCommit)));
 * ReleaseTrain.Report report = train.promote(DeploymentTarget.of(EnvironmentName.parse("staging")),
 *     ReleaseVersion.parse("2026.12.0"));
 * report.stop().ifPresent(stop -> log.warn("train stopped at {}: {}", stop.service(), stop.cause()));
 * }</pre>
 *
 * <p>For each service it calls two of the pipeline's direct operations: {@link
 * PromotionPipeline#registerBuild} (is the commit's build still the image that was recorded, or was
 * it rebuilt?) and {@link PromotionPipeline#promote} (retag the build with the release version and
 * deploy it to the target and the environments that run after it). The train stops at the first
 * failure: a refusal ({@link PolicyViolationException}, such as a rebuilt commit or a release tag
 * that already names another image) or a provider failure; the services after it are not touched.
 * Every step is idempotent, so once the cause is fixed the same train can simply run again: the
 * services that went converge with no change.
 */
public final class ReleaseTrain {
  private final List<Service> services;

  /**
   * @param services the services, in the order they go
   */
  public ReleaseTrain(List<Service> services) {
    this.services = List.copyOf(services);
    if (this.services.isEmpty()) {
      throw new IllegalArgumentException("a release train needs at least one service");
    }
  }

  /**
   * Promotes every service's commit as {@code version} to {@code target}, in order, stopping at the
   * first failure.
   *
   * @param target the first environment the release goes to
   * @param version the release version every service is tagged with
   * @return which services went, which one stopped the train and why, which ones did not start
   */
  public Report promote(DeploymentTarget target, ReleaseVersion version) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(version, "version");
    List<Departure> departed = new ArrayList<>();
    for (int i = 0; i < services.size(); i++) {
      Service service = services.get(i);
      try {
        service.pipeline().registerBuild(service.commit());
        departed.add(
            new Departure(
                service.name(), service.pipeline().promote(target, version, service.commit())));
      } catch (BatonException e) {
        List<String> notStarted =
            services.subList(i + 1, services.size()).stream().map(Service::name).toList();
        return new Report(departed, Optional.of(new Stop(service.name(), e)), notStarted);
      }
    }
    return new Report(departed, Optional.empty(), List.of());
  }

  /**
   * One service of the train.
   *
   * @param name how reports name it
   * @param pipeline its pipeline, over its own repository
   * @param commit the commit whose build is released
   */
  public record Service(String name, PromotionPipeline pipeline, CommitSha commit) {
    /**
     * Checks that nothing is missing.
     *
     * @param name how reports name it
     * @param pipeline its pipeline, over its own repository
     * @param commit the commit whose build is released
     */
    public Service {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(pipeline, "pipeline");
      Objects.requireNonNull(commit, "commit");
    }
  }

  /**
   * A service that went.
   *
   * @param service its name
   * @param result what its pipeline did
   */
  public record Departure(String service, RunResult result) {}

  /**
   * Why the train stopped.
   *
   * @param service the service that did not go
   * @param cause what stopped it
   */
  public record Stop(String service, BatonException cause) {
    /**
     * {@return whether the pipeline refused (a policy), rather than a provider failing (retry may
     * help)}
     */
    public boolean refused() {
      return cause instanceof PolicyViolationException;
    }
  }

  /**
   * What the train did.
   *
   * @param departed the services that went, in order
   * @param stop the service that stopped the train, and why; empty when every service went
   * @param notStarted the services after it, which were not touched
   */
  public record Report(List<Departure> departed, Optional<Stop> stop, List<String> notStarted) {
    /**
     * Copies the lists.
     *
     * @param departed the services that went, in order
     * @param stop the service that stopped the train, and why; empty when every service went
     * @param notStarted the services after it, which were not touched
     */
    public Report {
      departed = List.copyOf(departed);
      notStarted = List.copyOf(notStarted);
    }

    /** {@return whether every service went} */
    public boolean complete() {
      return stop.isEmpty();
    }

    /** One line per service: went, stopped (with the reason) or not started. */
    @Override
    public String toString() {
      StringBuilder b = new StringBuilder();
      departed.forEach(d -> b.append("went        ").append(d.service()).append('\n'));
      stop.ifPresent(
          s ->
              b.append(s.refused() ? "refused     " : "failed      ")
                  .append(s.service())
                  .append(": ")
                  .append(s.cause().getMessage())
                  .append('\n'));
      notStarted.forEach(n -> b.append("not started ").append(n).append('\n'));
      return b.toString();
    }
  }
}
