package dev.baton.aws.internal;

import dev.baton.Digest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.Rollback;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Judges one {@code DescribeServices} snapshot of an ECS service, with the service's current
 * service deployment when ECS has one ({@code DescribeServiceDeployments}), against the digest that
 * should run. Unlike the SDK's {@code servicesStable} waiter, which only counts deployments and
 * tasks and so reports success after a circuit-breaker rollback, it requires:
 *
 * <ol>
 *   <li>the current service deployment, when there is one, to be {@code SUCCESSFUL}
 *       (API_ServiceDeployment.html: {@code STOP_REQUESTED}, {@code STOPPED}, {@code
 *       ROLLBACK_REQUESTED}, {@code ROLLBACK_IN_PROGRESS}, {@code ROLLBACK_SUCCESSFUL} and {@code
 *       ROLLBACK_FAILED} are failures at once; {@code PENDING} and {@code IN_PROGRESS} are waited
 *       for);
 *   <li>the PRIMARY deployment's {@code rolloutState} to be {@code COMPLETED} ({@code FAILED} is
 *       the circuit breaker's verdict; a service without rollout states, e.g. behind a Classic Load
 *       Balancer, instead needs a single deployment with running = desired);
 *   <li>every running task of that deployment ({@code startedBy} = the deployment id) to report the
 *       digest in one of its containers' {@code imageDigest}, or for an index the digest of its
 *       entry for the task's platform ({@link PromotedImage}).
 * </ol>
 *
 * A completed PRIMARY running another digest beside a deployment whose {@code rolloutState} is
 * {@code FAILED} is a rollback too (for services whose deployments have no service deployment
 * record). Every decision rests on these enumerated fields: {@code rolloutStateReason}, {@code
 * statusReason}, the rollback's {@code reason} and the service events are English text for people
 * and only ever quoted in the detail, never read.
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
   * @param serviceDeployment the service's current service deployment ({@code
   *     currentServiceDeployment}) as DescribeServiceDeployments returned it; empty when ECS keeps
   *     none for it or it could not be read
   * @param image the image that should run, with the digests that count as it
   * @param runningTasks loads the RUNNING tasks of a deployment id; called only once the rollout is
   *     complete
   * @return the verdict
   */
  public static Verdict judge(
      Service service,
      Optional<ServiceDeployment> serviceDeployment,
      PromotedImage image,
      Function<String, List<Task>> runningTasks) {
    String name = service.serviceName();
    if (!"ACTIVE".equals(service.status())) {
      return new Verdict(
          Kind.FAILED,
          "service " + name + " is " + service.status() + ", not ACTIVE",
          Optional.empty());
    }
    Optional<Deployment> failed =
        service.deployments().stream()
            .filter(d -> d.rolloutState() == DeploymentRolloutState.FAILED)
            .findFirst();
    if (serviceDeployment.isPresent()) {
      Optional<Verdict> ended = ended(name, serviceDeployment.get(), failed);
      if (ended.isPresent()) {
        return ended.get();
      }
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
          "deployment "
              + p.id()
              + " of service "
              + name
              + " FAILED (the deployment circuit breaker stopped it): "
              + reason(p),
          Optional.of(p.id()));
    }
    if (serviceDeployment.isPresent()) {
      ServiceDeployment sd = serviceDeployment.get();
      if (sd.status() == ServiceDeploymentStatus.PENDING
          || sd.status() == ServiceDeploymentStatus.IN_PROGRESS) {
        return Verdict.of(
            Kind.WAIT,
            "service deployment "
                + lastSegment(sd.serviceDeploymentArn())
                + " "
                + sd.statusAsString()
                + "; deployment "
                + p.id()
                + " "
                + p.rolloutStateAsString());
      }
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
      // The deployment completed on another image. With a FAILED deployment beside it, the
      // circuit breaker took the service back to the deployment that completed before.
      boolean rolledBack = failed.isPresent();
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

  /**
   * The verdict of a service deployment that ended badly or is ending so, from its {@code status};
   * empty while it is pending, in progress or successful (or in a state this SDK does not know),
   * when the deployments and tasks decide.
   */
  private static Optional<Verdict> ended(
      String service, ServiceDeployment sd, Optional<Deployment> failed) {
    ServiceDeploymentStatus status = sd.status();
    if (status == null) {
      return Optional.empty();
    }
    String shown =
        "service deployment "
            + lastSegment(sd.serviceDeploymentArn())
            + " of service "
            + service
            + " "
            + sd.statusAsString();
    String because = sd.statusReason() == null ? "" : ": " + sd.statusReason();
    Optional<String> failedId = failed.map(Deployment::id);
    String detail;
    switch (status) {
      case STOP_REQUESTED, STOPPED:
        detail = shown + " (the deployment was stopped before it completed)" + because;
        break;
      case ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS:
        detail = shown + " (the deployment failed and ECS is rolling it back" + rollback(sd);
        break;
      case ROLLBACK_SUCCESSFUL:
        detail = shown + " (the deployment failed and ECS rolled it back" + rollback(sd);
        break;
      case ROLLBACK_FAILED:
        detail =
            shown
                + " (the deployment failed and so did its rollback: the service may run"
                + " neither revision"
                + rollback(sd);
        break;
      default:
        return Optional.empty();
    }
    return Optional.of(new Verdict(Kind.FAILED, detail, failedId));
  }

  /** {@code ") to <revision>: <reason>"} from the rollback field, closing the parenthesis. */
  private static String rollback(ServiceDeployment sd) {
    Rollback r = sd.rollback();
    StringBuilder out = new StringBuilder();
    if (r != null && r.serviceRevisionArn() != null) {
      out.append(" to service revision ").append(lastSegment(r.serviceRevisionArn()));
    }
    out.append(')');
    if (r != null && r.reason() != null) {
      out.append(": ").append(r.reason());
    } else if (sd.statusReason() != null) {
      out.append(": ").append(sd.statusReason());
    }
    return out.toString();
  }

  private static String lastSegment(String arn) {
    return arn == null ? "(no ARN)" : arn.substring(arn.lastIndexOf('/') + 1);
  }

  private static String reason(Deployment d) {
    return d.rolloutStateReason() == null ? "no reason given" : d.rolloutStateReason();
  }
}
