package dev.baton.aws.internal;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.Task;

/** Lists and describes the tasks of one ECS deployment. */
public final class EcsTasks {
  /** DescribeTasks takes at most 100 tasks per call (ECS API reference). */
  private static final int DESCRIBE_BATCH = 100;

  private EcsTasks() {}

  /**
   * The RUNNING tasks of a service that belong to one deployment. A service's tasks carry the
   * deployment id in {@code startedBy} ("Task" in the ECS API reference).
   *
   * @param ecs the client
   * @param cluster the cluster name or ARN
   * @param service the service name
   * @param deploymentId the deployment's id, e.g. {@code ecs-svc/9223370564341623665}
   * @return the tasks, described
   */
  public static List<Task> running(
      EcsClient ecs, String cluster, String service, String deploymentId) {
    List<String> arns = new ArrayList<>();
    String next = null;
    do {
      String token = next;
      ListTasksResponse page =
          ecs.listTasks(
              b ->
                  b.cluster(cluster)
                      .serviceName(service)
                      .desiredStatus(DesiredStatus.RUNNING)
                      .nextToken(token));
      arns.addAll(page.taskArns());
      next = page.nextToken();
    } while (next != null && !next.isEmpty());
    List<Task> tasks = new ArrayList<>();
    for (Task task : describe(ecs, cluster, arns)) {
      if (task.startedBy() == null || task.startedBy().equals(deploymentId)) {
        tasks.add(task);
      }
    }
    return tasks;
  }

  /**
   * Why the stopped tasks of a deployment stopped, as lines for a failure report.
   *
   * @param ecs the client
   * @param cluster the cluster name or ARN
   * @param deploymentId the deployment's id
   * @param max how many tasks at most
   * @return lines such as {@code task 0cc4... stopped: TaskFailedToStart: ...; container app: ...}
   */
  public static List<String> stoppedReasons(
      EcsClient ecs, String cluster, String deploymentId, int max) {
    List<String> arns =
        ecs.listTasks(
                b ->
                    b.cluster(cluster)
                        .startedBy(deploymentId)
                        .desiredStatus(DesiredStatus.STOPPED)
                        .maxResults(max))
            .taskArns();
    List<String> lines = new ArrayList<>();
    for (Task task : describe(ecs, cluster, arns.subList(0, Math.min(max, arns.size())))) {
      StringBuilder line =
          new StringBuilder("task ")
              .append(shortArn(task.taskArn()))
              .append(" stopped: ")
              .append(task.stopCodeAsString() == null ? "" : task.stopCodeAsString() + ": ")
              .append(task.stoppedReason() == null ? "no reason given" : task.stoppedReason());
      for (Container c : task.containers()) {
        if (c.reason() != null || (c.exitCode() != null && c.exitCode() != 0)) {
          line.append("; container ")
              .append(c.name())
              .append(c.exitCode() == null ? "" : " exit " + c.exitCode())
              .append(c.reason() == null ? "" : ": " + c.reason());
        }
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private static List<Task> describe(EcsClient ecs, String cluster, List<String> arns) {
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < arns.size(); i += DESCRIBE_BATCH) {
      List<String> batch = arns.subList(i, Math.min(arns.size(), i + DESCRIBE_BATCH));
      tasks.addAll(ecs.describeTasks(b -> b.cluster(cluster).tasks(batch)).tasks());
    }
    return tasks;
  }

  private static String shortArn(String arn) {
    return arn == null ? "?" : arn.substring(arn.lastIndexOf('/') + 1);
  }
}
