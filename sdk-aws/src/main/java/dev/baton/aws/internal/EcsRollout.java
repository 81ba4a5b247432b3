package dev.baton.aws.internal;

import dev.baton.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Judges one {@code DescribeServices} snapshot of an ECS service against the digest that should
 * run. Unlike the SDK's {@code servicesStable} waiter, which only counts deployments and tasks and
 * so reports success after a circuit-breaker rollback, it requires:
 *
 * <ol>
 *   <li>the PRIMARY deployment's {@code rolloutState} to be {@code COMPLETED} (a service without
 *       rollout states, e.g. behind a Classic Load Balancer, instead needs a single deployment with
 *       running = desired);
 *   <li>every running task of that deployment ({@code startedBy} = the deployment id) to report the
 *       digest in one of its containers' {@code imageDigest}, or for an index the digest of its
 *       entry for the task's platform ({@link PromotedImage}).
 * </ol>
 *
 * A PRIMARY deployment in {@code FAILED}, a PRIMARY whose rollout reason says the circuit breaker
 * is rolling back, or a completed PRIMARY running another digest beside a {@code FAILED} deployment
 * or rollback events, is a failed deployment.
 */
public final class EcsRollout {
  /** What a snapshot means. */
  public enum Kind {
    /** The digest runs on every task of a completed deployment. */
    HEALTHY,
    /** The deployment completed but runs another digest. */
    UNHEALTHY,
    /** The service keeps no task, so there is nothing to check. */
    SKIPPED,
    /** The deployment failed or was rolled back. */
    FAILED,
    /** Not settled yet; poll again. */
    WAIT
  }

  /**
   * The judgement and what it rests on.
   *
   * @param kind the judgement
   * @param detail a one-line account of what was seen
   * @param failedDeployment the deployment id to read stopped tasks for, when {@link Kind#FAILED}
   */
  public record Verdict(Kind kind, String detail, Optional<String> failedDeployment) {
    /**
     * Checks that nothing is null.
     *
     * @param kind the judgement
     * @param detail a one-line account of what was seen
     * @param failedDeployment the deployment id to read stopped tasks for, when {@link Kind#FAILED}
     */
    public Verdict {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(detail, "detail");
      Objects.requireNonNull(failedDeployment, "failedDeployment");
    }

    static Verdict of(Kind kind, String detail) {
      return new Verdict(kind, detail, Optional.empty());
    }
  }

  private EcsRollout() {}

  /**
   * @param service the service as DescribeServices returned it
   * @param image the image that should run, with the digests that count as it
   * @param runningTasks loads the RUNNING tasks of a deployment id; called only once the rollout is
   *     complete
   * @return the verdict
   */
  public static Verdict judge(
      Service service, PromotedImage image, Function<String, List<Task>> runningTasks) {
    String name = service.serviceName();
    if (!"ACTIVE".equals(service.status())) {
      return new Verdict(
          Kind.FAILED,
          "service " + name + " is " + service.status() + ", not ACTIVE",
          Optional.empty());
    }
    Optional<Deployment> primary =
        service.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst();
    if (primary.isEmpty()) {
      return Verdict.of(Kind.WAIT, "service " + name + " has no PRIMARY deployment yet");
    }
    Deployment p = primary.get();
    if (p.rolloutState() == DeploymentRolloutState.FAILED) {
      return new Verdict(
          Kind.FAILED,
          "deployment " + p.id() + " of service " + name + " FAILED: " + reason(p),
          Optional.of(p.id()));
    }
    Optional<Deployment> failed =
        service.deployments().stream()
            .filter(d -> d.rolloutState() == DeploymentRolloutState.FAILED)
            .findFirst();
    // While the circuit breaker rolls back, the new PRIMARY says so in its reason. A FAILED
    // deployment alone may be an older attempt still draining, so it only decides once the
    // PRIMARY's tasks show which image runs (see judgeTasks).
    if (mentionsRollback(p.rolloutStateReason())) {
      String failedId = failed.map(Deployment::id).orElse(null);
      return new Verdict(
          Kind.FAILED,
          "the deployment circuit breaker rolled service "
              + name
              + " back"
              + (failedId == null
                  ? ""
                  : " from deployment " + failedId + " (" + reason(failed.get()) + ")")
              + " to "
              + p.taskDefinition()
              + ": "
              + reason(p),
          Optional.ofNullable(failedId));
    }
    String counts =
        "running "
            + p.runningCount()
            + "/"
            + p.desiredCount()
            + (p.failedTasks() != null && p.failedTasks() > 0
                ? ", failed tasks " + p.failedTasks()
                : "");
    if (p.rolloutState() == DeploymentRolloutState.IN_PROGRESS) {
      return Verdict.of(Kind.WAIT, "deployment " + p.id() + " IN_PROGRESS, " + counts);
    }
    if (p.rolloutState() == null
        || p.rolloutState() == DeploymentRolloutState.UNKNOWN_TO_SDK_VERSION) {
      boolean steady =
          service.deployments().size() == 1 && Objects.equals(p.runningCount(), p.desiredCount());
      if (!steady) {
        return Verdict.of(
            Kind.WAIT,
            "deployment "
                + p.id()
                + " not steady yet ("
                + service.deployments().size()
                + " deployments, "
                + counts
                + ")");
      }
    }
    if (p.desiredCount() != null && p.desiredCount() == 0) {
      return Verdict.of(
          Kind.SKIPPED,
          "deployment "
              + p.id()
              + " of service "
              + name
              + " completed with desired count 0: no task runs the image");
    }
    return judgeTasks(service, p, failed, image, runningTasks.apply(p.id()));
  }

  private static Verdict judgeTasks(
      Service service,
      Deployment p,
      Optional<Deployment> failed,
      PromotedImage image,
      List<Task> tasks) {
    Digest digest = image.digest();
    if (tasks.isEmpty()) {
      return Verdict.of(
          Kind.WAIT,
          "deployment " + p.id() + " completed but no RUNNING task of" + " it is listed yet");
    }
    TreeSet<String> others = new TreeSet<>();
    int matching = 0;
    int pending = 0;
    for (Task task : tasks) {
      List<String> digests = new ArrayList<>();
      boolean unreported = false;
      for (Container c : task.containers()) {
        if (c.imageDigest() == null || c.imageDigest().isBlank()) {
          unreported = true;
        } else {
          digests.add(c.imageDigest());
        }
      }
      if (digests.stream().anyMatch(d -> image.runs(task, d))) {
        matching++;
      } else if (unreported) {
        pending++;
      } else {
        others.addAll(digests);
      }
    }
    if (!others.isEmpty()) {
      // The deployment completed on another image. With a FAILED deployment beside it, or
      // rollback in the service's recent events, the circuit breaker took the service back.
      boolean rolledBack =
          failed.isPresent() || mentionsRollback(String.join("\n", eventLines(service, 10)));
      String detail =
          "service "
              + service.serviceName()
              + (rolledBack ? " rolled back" : " runs")
              + ": "
              + (tasks.size() - matching - pending)
              + " of "
              + tasks.size()
              + " running tasks of deployment "
              + p.id()
              + " run "
              + String.join(", ", others)
              + ", not "
              + digest;
      return new Verdict(
          rolledBack ? Kind.FAILED : Kind.UNHEALTHY, detail, failed.map(Deployment::id));
    }
    if (pending > 0) {
      return Verdict.of(
          Kind.WAIT,
          pending
              + " of "
              + tasks.size()
              + " tasks of deployment "
              + p.id()
              + " have not reported an image digest yet");
    }
    return Verdict.of(
        Kind.HEALTHY,
        "deployment "
            + p.id()
            + " of service "
            + service.serviceName()
            + " "
            + (p.rolloutState() == null ? "steady" : "COMPLETED")
            + "; "
            + matching
            + " of "
            + tasks.size()
            + " running tasks run "
            + digest);
  }

  /**
   * The newest service events, oldest first, as {@code <createdAt> <message>} lines.
   *
   * @param service the service
   * @param max how many events at most
   * @return the lines
   */
  public static List<String> eventLines(Service service, int max) {
    List<ServiceEvent> newestFirst = service.events();
    List<String> lines = new ArrayList<>();
    for (int i = Math.min(max, newestFirst.size()) - 1; i >= 0; i--) {
      ServiceEvent e = newestFirst.get(i);
      lines.add(e.createdAt() + " " + e.message());
    }
    return lines;
  }

  private static boolean mentionsRollback(String text) {
    if (text == null) {
      return false;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    return lower.contains("rolling back") || lower.contains("rolled back");
  }

  private static String reason(Deployment d) {
    return d.rolloutStateReason() == null ? "no reason given" : d.rolloutStateReason();
  }
}
