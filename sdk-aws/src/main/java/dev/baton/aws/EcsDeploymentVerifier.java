package dev.baton.aws;

import dev.baton.ConfigurationException;
import dev.baton.DeploymentFailedException;
import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.NotFoundException;
import dev.baton.OperationTimeoutException;
import dev.baton.ProviderException;
import dev.baton.aws.internal.AwsClients;
import dev.baton.aws.internal.AwsErrors;
import dev.baton.aws.internal.AwsHints;
import dev.baton.aws.internal.EcsRollout;
import dev.baton.aws.internal.EcsRollout.Verdict;
import dev.baton.aws.internal.EcsTasks;
import dev.baton.aws.internal.PromotedImage;
import dev.baton.internal.Descriptor;
import dev.baton.internal.Durations;
import dev.baton.internal.retry.BackoffStrategy;
import dev.baton.internal.retry.Poll;
import dev.baton.internal.retry.Sleeper;
import dev.baton.internal.retry.Waits;
import dev.baton.spi.DeploymentVerifier;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.StackOutputs;
import dev.baton.spi.VerificationRequest;
import dev.baton.spi.VerificationResult;
import dev.baton.spi.VerificationResult.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DeploymentControllerType;
import software.amazon.awssdk.services.ecs.model.DescribeServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;

/**
 * A {@link DeploymentVerifier} for an ECS service: after a deploy, the service's PRIMARY deployment
 * must reach rollout state {@code COMPLETED} and every running task of it must report the promoted
 * digest ({@code containers[].imageDigest}), and the service's current service deployment, where
 * ECS keeps one, must be {@code SUCCESSFUL}. A {@code FAILED} rollout (the circuit breaker), a
 * service deployment stopped, being rolled back, rolled back or whose rollback failed, are a {@link
 * DeploymentFailedException} carrying the service's recent events and the stopped tasks' reasons;
 * these decisions rest on the states ECS reports ({@code rolloutState}, the service deployment's
 * {@code status}), never on the wording of a reason or an event; a deployment that completed with
 * another digest is an {@link Outcome#UNHEALTHY} result; the request's deadline passing is an
 * {@link OperationTimeoutException}. The SDK's {@code servicesStable} waiter is not used: it
 * reports success after a rollback. Only services under the rolling-update ({@code ECS}) deployment
 * controller have deployments to check: a service under {@code CODE_DEPLOY} or {@code EXTERNAL}
 * fails at once with a permanent {@link ProviderException} that says so.
 *
 * <p>For a multi-platform image, a task may report the digest of the index's entry for its platform
 * instead of the index's: give the builder the registry that serves the image ({@link
 * Builder#imageRegistry}) so that such a task counts as running the promoted image.
 *
 * <p>Cluster and service are set on the builder, or read from the stack outputs, first match wins:
 * cluster from {@code ecs_cluster_arn}, {@code ecs_cluster_name}, {@code ecs_cluster}, {@code
 * cluster_arn}, {@code cluster_name}; service from {@code ecs_service_arn}, {@code
 * ecs_service_name}, {@code ecs_service}, {@code service_arn}, {@code service_name}.
 *
 * <pre>{@code
 * DeploymentVerifier ecs = EcsDeploymentVerifier.builder()
 *     .cluster("plat-ue2-dev").service("app")    // or leave both to the stack outputs
 *     .build();
 * }</pre>
 *
 * <p>Read only: {@code ecs:DescribeServices}, {@code ecs:DescribeServiceDeployments}, {@code
 * ecs:ListTasks} and {@code ecs:DescribeTasks}. Without {@code ecs:DescribeServiceDeployments}
 * (access denied), or for a service deployment ECS cannot describe (one from before October 2024 is
 * {@code MISSING}), the verification goes on with {@code DescribeServices}' deployments alone.
 * Throttling and server errors while polling are retried until the deadline; the pause between two
 * polls is jittered between half the poll interval and all of it. Safe for concurrent use.
 */
public final class EcsDeploymentVerifier implements DeploymentVerifier, AutoCloseable {
  /** Stack output names read for the cluster, in order. */
  public static final List<String> CLUSTER_OUTPUTS =
      List.of("ecs_cluster_arn", "ecs_cluster_name", "ecs_cluster", "cluster_arn", "cluster_name");

  /** Stack output names read for the service, in order. */
  public static final List<String> SERVICE_OUTPUTS =
      List.of("ecs_service_arn", "ecs_service_name", "ecs_service", "service_arn", "service_name");

  /** The default pause between two polls. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);

  /** How many recent service events a failure carries. */
  public static final int EVENTS_IN_FAILURE = 10;

  private static final Logger LOG = LoggerFactory.getLogger(EcsDeploymentVerifier.class);

  private final EcsClient ecs;
  private final boolean ownsClient;
  private final String cluster;
  private final String service;
  private final Duration pollInterval;
  private final BackoffStrategy interval;
  private final Sleeper sleeper;
  private final Clock clock;
  private final ImageRegistry registry;

  private EcsDeploymentVerifier(Builder b, Waits waits) {
    if (b.client != null) {
      this.ecs = b.client;
      this.ownsClient = false;
    } else {
      var builder =
          EcsClient.builder()
              .httpClientBuilder(UrlConnectionHttpClient.builder())
              .overrideConfiguration(AwsClients.overrides());
      if (b.region != null) {
        builder.region(Region.of(b.region));
      }
      try {
        this.ecs = builder.build();
      } catch (SdkClientException e) {
        throw new ConfigurationException(
            "cannot create the ECS client: " + e.getMessage(),
            "set region(...) on EcsDeploymentVerifier.builder(), or AWS_REGION, or pass a client",
            e);
      }
      this.ownsClient = true;
    }
    this.cluster = b.cluster;
    this.service = b.service;
    this.pollInterval = b.pollInterval;
    this.interval = BackoffStrategy.fixed(b.pollInterval, waits.random());
    this.sleeper = waits.sleeper();
    this.clock = b.clock;
    this.registry = b.registry;
  }

  /**
   * @return a builder; with nothing set, the default credentials, Region and stack outputs
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public VerificationResult verify(VerificationRequest request) {
    Objects.requireNonNull(request, "request");
    Digest digest =
        request
            .image()
            .digest()
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        "cannot verify "
                            + request.image()
                            + " on ECS: it is not pinned to a digest",
                        "verify the digest-pinned reference that was deployed (repo:tag@sha256:...)"));
    String clusterName =
        cluster != null ? cluster : output(request.outputs(), CLUSTER_OUTPUTS, "cluster", request);
    String serviceName =
        service != null ? service : output(request.outputs(), SERVICE_OUTPUTS, "service", request);
    String shown = "ECS service " + serviceName + " in cluster " + clusterName;
    PromotedImage promoted = new PromotedImage(digest, () -> indexEntries(request.image()));
    Poll poll = Poll.until(clock, request.timeout(), interval, sleeper, "verifying " + shown);
    String last = "no answer from ECS yet";
    SdkException lastError = null;
    Service lastService = null;
    boolean[] serviceDeployments = {true};
    while (true) {
      try {
        Service current = describe(clusterName, serviceName, shown);
        requireEcsController(current, shown);
        Optional<ServiceDeployment> serviceDeployment =
            serviceDeployments[0]
                ? serviceDeployment(current, shown, serviceDeployments)
                : Optional.empty();
        lastService = current;
        lastError = null;
        Verdict verdict =
            EcsRollout.judge(
                current,
                serviceDeployment,
                promoted,
                deployment ->
                    EcsTasks.running(ecs, clusterName, current.serviceName(), deployment));
        last = verdict.detail();
        LOG.debug("{}: {}", shown, last);
        switch (verdict.kind()) {
          case HEALTHY:
            return new VerificationResult(Outcome.HEALTHY, verdict.detail());
          case UNHEALTHY:
            return new VerificationResult(
                Outcome.UNHEALTHY, verdict.detail() + eventsText(current));
          case SKIPPED:
            return new VerificationResult(Outcome.SKIPPED, verdict.detail());
          case FAILED:
            throw failed(verdict, current, clusterName, request);
          case WAIT:
          default:
            break;
        }
      } catch (SdkException e) {
        if (!AwsErrors.isThrottling(e) && !isServerOrNetwork(e)) {
          throw AwsErrors.map(e, "verifying " + shown);
        }
        LOG.debug("{}: transient error, polling on: {}", shown, AwsErrors.detail(e));
        lastError = e;
        last = "last call failed: " + AwsErrors.detail(e);
      }
      if (!poll.pause()) {
        throw new OperationTimeoutException(
            shown
                + " did not run "
                + digest
                + " in time; last"
                + " seen: "
                + last
                + (lastService == null ? "" : eventsText(lastService)),
            AwsHints.ECS_ROLLOUT,
            request.timeout(),
            lastError);
      }
    }
  }

  /** The entries of the promoted index, read through the registry; empty without one. */
  private List<Descriptor> indexEntries(ImageReference image) {
    if (registry == null) {
      return List.of();
    }
    Optional<ResolvedImage> resolved = registry.resolve(image);
    if (resolved.isEmpty() || !resolved.get().isIndex()) {
      return List.of();
    }
    Optional<byte[]> bytes = resolved.get().manifest();
    if (bytes.isEmpty()) {
      LOG.debug("{} kept no manifest bytes of {}; only its digest counts", registry, image);
      return List.of();
    }
    return EcrImageRegistry.parseIndex(new String(bytes.get(), StandardCharsets.UTF_8), image)
        .manifests();
  }

  private Service describe(String clusterName, String serviceName, String shown) {
    DescribeServicesResponse response;
    try {
      response = ecs.describeServices(b -> b.cluster(clusterName).services(serviceName));
    } catch (ClusterNotFoundException e) {
      throw new NotFoundException(
          "cluster " + clusterName + " not found: " + AwsErrors.detail(e),
          "check the cluster name or ARN and the Region the client uses",
          e);
    }
    for (Failure failure : response.failures()) {
      if ("MISSING".equals(failure.reason())) {
        throw new NotFoundException(
            shown + " not found (" + failure.arn() + ")",
            "check the service name and that the stack deployed it",
            null);
      }
      throw ProviderException.permanent(
          "DescribeServices of "
              + shown
              + " failed: "
              + failure.reason()
              + (failure.detail() == null ? "" : " (" + failure.detail() + ")"),
          null);
    }
    if (response.services().isEmpty()) {
      throw new NotFoundException(shown + " not found", "check the service name", null);
    }
    return response.services().get(0);
  }

  /**
   * The service's current service deployment (API_Service.html {@code currentServiceDeployment},
   * described by DescribeServiceDeployments), or empty when it has none or it cannot be described.
   * Access denied turns the lookups off for the rest of this verification ({@code enabled[0]}): the
   * role predates the permission, and the deployments of DescribeServices still decide.
   */
  private Optional<ServiceDeployment> serviceDeployment(
      Service current, String shown, boolean[] enabled) {
    String arn = current.currentServiceDeployment();
    if (arn == null || arn.isBlank()) {
      return Optional.empty();
    }
    DescribeServiceDeploymentsResponse response;
    try {
      response = ecs.describeServiceDeployments(b -> b.serviceDeploymentArns(arn));
    } catch (SdkException e) {
      if (!AwsErrors.isAccessDenied(e)) {
        throw e;
      }
      LOG.warn(
          "{}: DescribeServiceDeployments was denied ({}); verifying from DescribeServices alone."
              + " Allow ecs:DescribeServiceDeployments to see stops and rollbacks as ECS reports"
              + " them",
          shown,
          AwsErrors.detail(e));
      enabled[0] = false;
      return Optional.empty();
    }
    for (Failure failure : response.failures()) {
      LOG.debug(
          "{}: service deployment {} not described: {} {}",
          shown,
          failure.arn(),
          failure.reason(),
          failure.detail() == null ? "" : failure.detail());
    }
    return response.serviceDeployments().stream()
        .filter(sd -> arn.equals(sd.serviceDeploymentArn()))
        .findFirst();
  }

  /**
   * A service under the CODE_DEPLOY or EXTERNAL deployment controller rolls out through task sets
   * and has no {@code deployments[]} (API_Service.html), so no PRIMARY deployment would ever show.
   */
  private static void requireEcsController(Service current, String shown) {
    DeploymentControllerType type =
        current.deploymentController() == null ? null : current.deploymentController().type();
    if (type == null || type == DeploymentControllerType.ECS) {
      return;
    }
    String name = current.deploymentController().typeAsString();
    throw ProviderException.permanent(
        "not supported: "
            + shown
            + " uses the "
            + name
            + " deployment controller, which rolls out through task sets rather than deployments;"
            + " EcsDeploymentVerifier verifies rolling-update (ECS controller) services only",
        type == DeploymentControllerType.CODE_DEPLOY
            ? "verify with the CodeDeploy deployment's own status and lifecycle hooks (aws deploy"
                + " get-deployment), or with an HTTP health check (HttpHealthVerifier)"
            : "verify with the external controller's own status of its primary task set, or with"
                + " an HTTP health check (HttpHealthVerifier)",
        null);
  }

  private DeploymentFailedException failed(
      Verdict verdict, Service current, String clusterName, VerificationRequest request) {
    List<String> tail = new ArrayList<>(EcsRollout.eventLines(current, EVENTS_IN_FAILURE));
    verdict
        .failedDeployment()
        .ifPresent(
            id -> {
              try {
                tail.addAll(EcsTasks.stoppedReasons(ecs, clusterName, id, 3));
              } catch (SdkException e) {
                LOG.debug("could not read stopped tasks of {}: {}", id, AwsErrors.detail(e));
              }
            });
    return new DeploymentFailedException(
        request.target() + " (stack " + request.stack() + "): " + verdict.detail(),
        AwsHints.ECS_ROLLOUT,
        tail,
        null);
  }

  private static String eventsText(Service service) {
    List<String> lines = EcsRollout.eventLines(service, 5);
    return lines.isEmpty() ? "" : "\nrecent service events:\n" + String.join("\n", lines);
  }

  private static boolean isServerOrNetwork(SdkException e) {
    if (e instanceof AwsServiceException ase) {
      return ase.statusCode() >= 500;
    }
    return e instanceof SdkClientException && !AwsErrors.isAccessDenied(e);
  }

  private static String output(
      StackOutputs outputs, List<String> names, String what, VerificationRequest request) {
    for (String name : names) {
      Optional<String> value = outputs.get(name).filter(v -> !v.isBlank());
      if (value.isPresent()) {
        return value.get();
      }
    }
    throw new ConfigurationException(
        "no ECS "
            + what
            + " for "
            + request.target()
            + " (stack "
            + request.stack()
            + "): none of the outputs "
            + names
            + " is set; outputs present: "
            + outputs.values().keySet(),
        "set the "
            + what
            + " on EcsDeploymentVerifier.builder(),"
            + " or add one of those outputs to the stack");
  }

  /** Closes the client this verifier created; a client passed to the builder stays open. */
  @Override
  public void close() {
    if (ownsClient) {
      ecs.close();
    }
  }

  @Override
  public String toString() {
    return "EcsDeploymentVerifier[cluster="
        + (cluster == null ? "(from outputs)" : cluster)
        + ", service="
        + (service == null ? "(from outputs)" : service)
        + ", poll="
        + pollInterval
        + "]";
  }

  /** Configures an {@link EcsDeploymentVerifier}. Every setting is optional. */
  public static final class Builder {
    private EcsClient client;
    private String region;
    private String cluster;
    private String service;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Clock clock = Clock.systemUTC();
    private ImageRegistry registry;

    private Builder() {}

    /**
     * Lets a multi-platform image verify. For an image index the ECS agent may report the digest of
     * the platform manifest it pulled rather than the index's; with a registry, such a digest
     * counts when it is the index's entry for the task's platform (OS and CPU architecture, from
     * the task's {@code ecs.cpu-architecture} attribute and platform family), and any other digest
     * is still a task running the wrong image. The promoted index is resolved through the registry
     * at most once per verification, and only when a task reports another digest than the promoted
     * one; the registry must keep the manifest bytes it reads ({@link EcrImageRegistry} does), and
     * its failures end the verification. It is not closed by the verifier. Without a registry, only
     * the promoted digest itself counts.
     *
     * @param registry the registry that serves the promoted image
     * @return this builder
     */
    public Builder imageRegistry(ImageRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * @param client the caller's ECS client; never closed by the verifier
     * @return this builder
     */
    public Builder client(EcsClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * @param region the Region of the client the verifier creates (ignored with {@link #client});
     *     default the SDK's Region chain ({@code AWS_REGION}, profile)
     * @return this builder
     */
    public Builder region(String region) {
      this.region = requireText(region, "region");
      return this;
    }

    /**
     * @param cluster the cluster name or ARN; default from the stack outputs
     * @return this builder
     */
    public Builder cluster(String cluster) {
      this.cluster = requireText(cluster, "cluster");
      return this;
    }

    /**
     * @param service the service name or ARN; default from the stack outputs
     * @return this builder
     */
    public Builder service(String service) {
      this.service = requireText(service, "service");
      return this;
    }

    /**
     * @param interval the pause between two polls; default 10 seconds
     * @return this builder
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = Durations.positive(interval, "pollInterval");
      return this;
    }

    /**
     * @param clock the clock the deadline is measured on; default the system clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @return the verifier
     */
    public EcsDeploymentVerifier build() {
      return build(Waits.SYSTEM);
    }

    /** Tests record pauses instead of sleeping, and fix the jitter. */
    EcsDeploymentVerifier build(Waits waits) {
      return new EcsDeploymentVerifier(this, waits);
    }

    private static String requireText(String value, String name) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank, got \"" + value + "\"");
      }
      return value;
    }
  }
}
