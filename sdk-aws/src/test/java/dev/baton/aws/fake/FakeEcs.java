package dev.baton.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Amazon ECS's API on loopback ({@code DescribeServices}, {@code DescribeServiceDeployments},
 * {@code ListTasks}, {@code DescribeTasks}), with a service whose deployments, events and tasks a
 * test moves along a timeline: each {@code DescribeServices} call first applies the next scripted
 * step, the way a real rollout advances between two polls.
 *
 * <p>Shapes follow the ECS API reference examples (botocore {@code ecs/2014-11-13/examples-1.json}:
 * "to-describe-a-service-1472513256350" for {@code services[]{deployments[], events[], serviceName,
 * status, ...}}, "a90b0cde-f965-4946-b55e-cfd8cc54e827" for {@code tasks[]{containers[], startedBy,
 * lastStatus, ...}}), with the rollout fields of the {@code Deployment} and {@code Container} data
 * types (API_Deployment.html: rolloutState, rolloutStateReason, failedTasks; API_Container.html:
 * imageDigest). Timestamps are epoch seconds, as the JSON protocol sends them. A missing service is
 * {@code failures[]{arn, reason: "MISSING"}} (API_Failure.html); an unknown cluster is {@code
 * ClusterNotFoundException}.
 *
 * <p>Service deployments follow the AWS CLI's published example of {@code
 * describe-service-deployments} (aws-cli {@code
 * awscli/examples/ecs/describe-service-deployments.rst}: serviceDeploymentArn, serviceArn,
 * clusterArn, createdAt, startedAt, finishedAt, updatedAt, sourceServiceRevisions,
 * targetServiceRevision{arn, requestedTaskCount, runningTaskCount, pendingTaskCount}, status,
 * deploymentConfiguration, deploymentCircuitBreaker{status, failureCount, threshold},
 * alarms{status}) with the fields API_ServiceDeployment.html adds when a deployment does not
 * succeed (statusReason, stoppedAt, rollback{reason, startedAt, serviceRevisionArn}); the service
 * names its current one in {@code currentServiceDeployment} (API_Service.html). An ARN it does not
 * know is {@code failures[]{arn, reason: "MISSING"}}, as for a deployment from before October 25,
 * 2024.
 */
public final class FakeEcs extends FakeAwsServer {
  /** The account in ARNs. */
  public static final String ACCOUNT = "012345678910";

  /** One service, as the test shapes it. */
  public static final class ServiceState {
    final String cluster;
    final String name;
    String status = "ACTIVE";
    String deploymentController = "ECS";
    final List<ObjectNode> deployments = new ArrayList<>();
    final List<ObjectNode> events = new ArrayList<>();
    final List<ObjectNode> tasks = new ArrayList<>();
    final Map<String, ObjectNode> serviceDeployments = new HashMap<>();
    String currentServiceDeployment;
    double now = 1_700_000_000;

    ServiceState(String cluster, String name) {
      this.cluster = cluster;
      this.name = name;
    }

    /**
     * Adds or replaces a deployment.
     *
     * @param id the deployment id
     * @param status PRIMARY, ACTIVE or INACTIVE
     * @param rolloutState IN_PROGRESS, COMPLETED, FAILED, or null for none
     * @param reason the rolloutStateReason, or null
     * @param desired desired count
     * @param running running count
     * @return this
     */
    public ServiceState deployment(
        String id, String status, String rolloutState, String reason, int desired, int running) {
      deployments.removeIf(d -> d.path("id").asText().equals(id));
      ObjectNode d =
          object()
              .put("id", id)
              .put("status", status)
              .put(
                  "taskDefinition",
                  "arn:aws:ecs:us-east-1:"
                      + ACCOUNT
                      + ":task-definition/app:"
                      + (deployments.size() + 6))
              .put("desiredCount", desired)
              .put("pendingCount", Math.max(0, desired - running))
              .put("runningCount", running)
              .put("failedTasks", 0)
              .put("createdAt", now)
              .put("updatedAt", now);
      if (rolloutState != null) {
        d.put("rolloutState", rolloutState);
      }
      if (reason != null) {
        d.put("rolloutStateReason", reason);
      }
      deployments.add(status.equals("PRIMARY") ? 0 : deployments.size(), d);
      return this;
    }

    /**
     * Makes {@code id} the service's current service deployment, with a status as ECS reports it.
     *
     * @param id the last part of its ARN, e.g. ejGvqq2ilnbKT9qj0vLJe
     * @param status PENDING, IN_PROGRESS, SUCCESSFUL, STOP_REQUESTED, STOPPED, ROLLBACK_REQUESTED,
     *     ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCESSFUL or ROLLBACK_FAILED
     * @param statusReason the statusReason, or null
     * @return this
     */
    public ServiceState serviceDeployment(String id, String status, String statusReason) {
      String arn = serviceDeploymentArn(id);
      String prefix = "arn:aws:ecs:us-east-1:" + ACCOUNT + ":";
      ObjectNode sd =
          object()
              .put("serviceDeploymentArn", arn)
              .put("serviceArn", prefix + "service/" + cluster + "/" + name)
              .put("clusterArn", prefix + "cluster/" + cluster)
              .put("createdAt", now)
              .put("startedAt", now + 1)
              .put("updatedAt", now + 2);
      sd.putArray("sourceServiceRevisions")
          .addObject()
          .put("arn", prefix + "service-revision/" + cluster + "/" + name + "/1485800978477494677")
          .put("requestedTaskCount", 0)
          .put("runningTaskCount", 0)
          .put("pendingTaskCount", 0);
      sd.putObject("targetServiceRevision")
          .put("arn", prefix + "service-revision/" + cluster + "/" + name + "/1485800978477494678")
          .put("requestedTaskCount", 2)
          .put("runningTaskCount", 2)
          .put("pendingTaskCount", 0);
      sd.put("status", status);
      if (statusReason != null) {
        sd.put("statusReason", statusReason);
      }
      if (status.startsWith("STOP")) {
        sd.put("stoppedAt", now + 2);
      }
      if (List.of("SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED")
          .contains(status)) {
        sd.put("finishedAt", now + 2);
      }
      ObjectNode config = sd.putObject("deploymentConfiguration");
      config.putObject("deploymentCircuitBreaker").put("enable", true).put("rollback", true);
      config.put("maximumPercent", 200).put("minimumHealthyPercent", 100);
      config.putObject("alarms").put("rollback", false).put("enable", false).putArray("alarmNames");
      sd.putObject("deploymentCircuitBreaker")
          .put("status", status.startsWith("ROLLBACK") ? "TRIGGERED" : "MONITORING_COMPLETE")
          .put("failureCount", status.startsWith("ROLLBACK") ? 3 : 0)
          .put("threshold", 3);
      sd.putObject("alarms").put("status", "DISABLED");
      serviceDeployments.put(arn, sd);
      currentServiceDeployment = arn;
      return this;
    }

    /**
     * Adds the rollback field (API_Rollback.html) to a service deployment.
     *
     * @param id the last part of its ARN
     * @param reason why, e.g. the circuit breaker's text
     * @param revision the last part of the ARN of the service revision rolled back to
     * @return this
     */
    public ServiceState rollback(String id, String reason, String revision) {
      serviceDeployments
          .get(serviceDeploymentArn(id))
          .putObject("rollback")
          .put("reason", reason)
          .put("startedAt", now + 1)
          .put(
              "serviceRevisionArn",
              "arn:aws:ecs:us-east-1:"
                  + ACCOUNT
                  + ":service-revision/"
                  + cluster
                  + "/"
                  + name
                  + "/"
                  + revision);
      return this;
    }

    /**
     * Names a current service deployment that DescribeServiceDeployments does not know.
     *
     * @param id the last part of its ARN
     * @return this
     */
    public ServiceState unknownServiceDeployment(String id) {
      currentServiceDeployment = serviceDeploymentArn(id);
      return this;
    }

    private String serviceDeploymentArn(String id) {
      return "arn:aws:ecs:us-east-1:"
          + ACCOUNT
          + ":service-deployment/"
          + cluster
          + "/"
          + name
          + "/"
          + id;
    }

    /**
     * @param id a deployment id @return this, with that deployment gone (INACTIVE and dropped)
     */
    public ServiceState dropDeployment(String id) {
      deployments.removeIf(d -> d.path("id").asText().equals(id));
      return this;
    }

    /**
     * @param id a deployment id
     * @param failedTasks the failedTasks count
     * @return this
     */
    public ServiceState failedTasks(String id, int failedTasks) {
      deployments.stream()
          .filter(d -> d.path("id").asText().equals(id))
          .forEach(d -> d.put("failedTasks", failedTasks));
      return this;
    }

    /**
     * A service under CODE_DEPLOY or EXTERNAL lists no {@code deployments[]}: it rolls out through
     * task sets (API_Service.html, {@code taskSets}).
     *
     * @param type ECS (the default), CODE_DEPLOY or EXTERNAL
     * @return this
     */
    public ServiceState deploymentController(String type) {
      this.deploymentController = type;
      return this;
    }

    /**
     * @param status ACTIVE, DRAINING or INACTIVE
     * @return this
     */
    public ServiceState status(String status) {
      this.status = status;
      return this;
    }

    /**
     * @param message the event text after "(service name) " @return this, newest first as ECS lists
     *     them
     */
    public ServiceState event(String message) {
      now += 1;
      events.add(
          0,
          object()
              .put("id", UUID.randomUUID().toString())
              .put("createdAt", now)
              .put("message", "(service " + name + ") " + message));
      return this;
    }

    /**
     * Adds a RUNNING task of a deployment whose app container reports {@code imageDigest}.
     *
     * @param deploymentId startedBy
     * @param imageDigest the digest reported, or null while the image is being pulled
     * @return this
     */
    public ServiceState runningTask(String deploymentId, String imageDigest) {
      return runningTask(deploymentId, imageDigest, "x86_64");
    }

    /**
     * Adds a RUNNING task of a deployment on a CPU architecture, as its {@code
     * ecs.cpu-architecture} attribute reports it.
     *
     * @param deploymentId startedBy
     * @param imageDigest the digest reported, or null while the image is being pulled
     * @param architecture x86_64 or arm64
     * @return this
     */
    public ServiceState runningTask(String deploymentId, String imageDigest, String architecture) {
      ObjectNode t = task(deploymentId, "RUNNING", imageDigest, null, null, null);
      t.putArray("attributes")
          .addObject()
          .put("name", "ecs.cpu-architecture")
          .put("value", architecture);
      tasks.add(t);
      return this;
    }

    /**
     * Adds a STOPPED task of a deployment.
     *
     * @param deploymentId startedBy
     * @param stopCode e.g. TaskFailedToStart
     * @param stoppedReason e.g. "Essential container in task exited"
     * @param exitCode the app container's exit code
     * @return this
     */
    public ServiceState stoppedTask(
        String deploymentId, String stopCode, String stoppedReason, int exitCode) {
      tasks.add(task(deploymentId, "STOPPED", null, stopCode, stoppedReason, exitCode));
      return this;
    }

    /**
     * @param deploymentId a deployment id @return this, with its running tasks stopped
     */
    public ServiceState stopTasksOf(String deploymentId) {
      for (ObjectNode t : tasks) {
        if (t.path("startedBy").asText().equals(deploymentId)) {
          t.put("lastStatus", "STOPPED").put("desiredStatus", "STOPPED");
        }
      }
      return this;
    }

    private ObjectNode task(
        String deploymentId,
        String status,
        String imageDigest,
        String stopCode,
        String stoppedReason,
        Integer exitCode) {
      String id = UUID.randomUUID().toString();
      String arn = "arn:aws:ecs:us-east-1:" + ACCOUNT + ":task/" + cluster + "/" + id;
      ObjectNode t =
          object()
              .put("taskArn", arn)
              .put("clusterArn", "arn:aws:ecs:us-east-1:" + ACCOUNT + ":cluster/" + cluster)
              .put(
                  "taskDefinitionArn",
                  "arn:aws:ecs:us-east-1:" + ACCOUNT + ":task-definition/app:6")
              .put("lastStatus", status)
              .put("desiredStatus", status)
              .put("startedBy", deploymentId)
              .put("group", "service:" + name);
      ObjectNode app =
          t.putArray("containers")
              .addObject()
              .put("containerArn", "arn:aws:ecs:us-east-1:" + ACCOUNT + ":container/" + id + "/app")
              .put("taskArn", arn)
              .put("name", "app")
              .put("image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:1.2.3")
              .put("lastStatus", status);
      if (imageDigest != null) {
        app.put("imageDigest", imageDigest);
      }
      if (stopCode != null) {
        t.put("stopCode", stopCode).put("stoppedReason", stoppedReason);
        app.put("exitCode", exitCode).put("reason", "CannotStartContainerError: exit " + exitCode);
      }
      return t;
    }
  }

  private final Map<String, Map<String, ServiceState>> clusters = new HashMap<>();
  private final Deque<Consumer<ServiceState>> timeline = new ArrayDeque<>();
  private ServiceState timelineService;
  private boolean denyServiceDeployments;

  /** Starts the endpoint. */
  public FakeEcs() {
    super("AmazonEC2ContainerServiceV20141113");
  }

  /**
   * @param cluster a cluster name (created if new)
   * @param service a service name
   * @return the service's state, to shape
   */
  public synchronized ServiceState service(String cluster, String service) {
    return clusters
        .computeIfAbsent(cluster, c -> new HashMap<>())
        .computeIfAbsent(service, s -> new ServiceState(cluster, s));
  }

  /**
   * @param cluster a cluster with no service
   * @return this
   */
  public synchronized FakeEcs cluster(String cluster) {
    clusters.computeIfAbsent(cluster, c -> new HashMap<>());
    return this;
  }

  /**
   * Scripts the rollout: each DescribeServices call applies the next step to the service first;
   * after the last step the state stays as it is.
   *
   * @param service the service the steps move
   * @param steps the steps, in order
   */
  @SafeVarargs
  public final synchronized void timeline(ServiceState service, Consumer<ServiceState>... steps) {
    timelineService = service;
    timeline.clear();
    for (Consumer<ServiceState> step : steps) {
      timeline.add(step);
    }
  }

  /**
   * Answers DescribeServiceDeployments with AccessDeniedException, as for a role granted only the
   * older read permissions.
   *
   * @return this
   */
  public synchronized FakeEcs denyServiceDeployments() {
    denyServiceDeployments = true;
    return this;
  }

  @Override
  protected JsonNode answer(String operation, JsonNode request) {
    return switch (operation) {
      case "DescribeServices" -> describeServices(request);
      case "DescribeServiceDeployments" -> describeServiceDeployments(request);
      case "ListTasks" -> listTasks(request);
      case "DescribeTasks" -> describeTasks(request);
      default -> throw clientError("UnknownOperationException", operation + " is not simulated");
    };
  }

  private JsonNode describeServices(JsonNode request) {
    Map<String, ServiceState> services = cluster(request);
    if (!timeline.isEmpty()) {
      timeline.poll().accept(timelineService);
    }
    ObjectNode out = object();
    ArrayNode found = out.putArray("services");
    ArrayNode failures = out.putArray("failures");
    for (JsonNode name : request.path("services")) {
      ServiceState s = services.get(lastSegment(name.asText()));
      if (s == null) {
        failures
            .addObject()
            .put(
                "arn",
                "arn:aws:ecs:us-east-1:"
                    + ACCOUNT
                    + ":service/"
                    + request.path("cluster").asText("default")
                    + "/"
                    + name.asText())
            .put("reason", "MISSING");
        continue;
      }
      ObjectNode svc =
          found
              .addObject()
              .put(
                  "serviceArn",
                  "arn:aws:ecs:us-east-1:" + ACCOUNT + ":service/" + s.cluster + "/" + s.name)
              .put("serviceName", s.name)
              .put("clusterArn", "arn:aws:ecs:us-east-1:" + ACCOUNT + ":cluster/" + s.cluster)
              .put("status", s.status);
      ObjectNode primary = s.deployments.isEmpty() ? object() : s.deployments.get(0);
      svc.put("desiredCount", primary.path("desiredCount").asInt())
          .put("runningCount", primary.path("runningCount").asInt())
          .put("pendingCount", primary.path("pendingCount").asInt())
          .put("taskDefinition", primary.path("taskDefinition").asText());
      svc.putObject("deploymentConfiguration")
          .put("maximumPercent", 200)
          .put("minimumHealthyPercent", 100)
          .putObject("deploymentCircuitBreaker")
          .put("enable", true)
          .put("rollback", true);
      svc.putObject("deploymentController").put("type", s.deploymentController);
      if (s.deploymentController.equals("ECS")) {
        svc.putArray("deployments").addAll(s.deployments);
      } else {
        svc.putArray("taskSets")
            .addObject()
            .put("id", "ecs-svc/1234567890123456789")
            .put("status", "PRIMARY")
            .put("taskDefinition", primary.path("taskDefinition").asText());
      }
      if (s.currentServiceDeployment != null) {
        svc.put("currentServiceDeployment", s.currentServiceDeployment);
      }
      svc.putArray("events").addAll(s.events);
      svc.putArray("loadBalancers");
      svc.put("createdAt", 1_700_000_000);
    }
    return out;
  }

  private JsonNode describeServiceDeployments(JsonNode request) {
    if (denyServiceDeployments) {
      throw clientError(
          "AccessDeniedException",
          "User: arn:aws:sts::"
              + ACCOUNT
              + ":assumed-role/deploy/baton is not authorized to perform:"
              + " ecs:DescribeServiceDeployments");
    }
    ObjectNode out = object();
    ArrayNode found = out.putArray("serviceDeployments");
    ArrayNode failures = out.putArray("failures");
    for (JsonNode arn : request.path("serviceDeploymentArns")) {
      ObjectNode sd = null;
      for (Map<String, ServiceState> services : clusters.values()) {
        for (ServiceState s : services.values()) {
          sd = sd != null ? sd : s.serviceDeployments.get(arn.asText());
        }
      }
      if (sd == null) {
        failures.addObject().put("arn", arn.asText()).put("reason", "MISSING");
      } else {
        found.add(sd);
      }
    }
    return out;
  }

  private JsonNode listTasks(JsonNode request) {
    Map<String, ServiceState> services = cluster(request);
    String serviceName = request.path("serviceName").asText(null);
    String startedBy = request.path("startedBy").asText(null);
    String desired = request.path("desiredStatus").asText("RUNNING");
    int max = request.path("maxResults").asInt(100);
    ArrayNode arns = object().arrayNode();
    for (ServiceState s : services.values()) {
      if (serviceName != null && !s.name.equals(lastSegment(serviceName))) {
        continue;
      }
      for (ObjectNode t : s.tasks) {
        if (t.path("desiredStatus").asText().equals(desired)
            && arns.size() < max
            && (startedBy == null || t.path("startedBy").asText().equals(startedBy))) {
          arns.add(t.path("taskArn").asText());
        }
      }
    }
    ObjectNode out = object();
    out.set("taskArns", arns);
    return out;
  }

  private JsonNode describeTasks(JsonNode request) {
    Map<String, ServiceState> services = cluster(request);
    List<String> wanted = new ArrayList<>();
    request.path("tasks").forEach(t -> wanted.add(t.asText()));
    ObjectNode out = object();
    ArrayNode tasks = out.putArray("tasks");
    out.putArray("failures");
    for (ServiceState s : services.values()) {
      for (ObjectNode t : s.tasks) {
        if (wanted.contains(t.path("taskArn").asText())) {
          tasks.add(t);
        }
      }
    }
    return out;
  }

  private Map<String, ServiceState> cluster(JsonNode request) {
    String name = lastSegment(request.path("cluster").asText("default"));
    Map<String, ServiceState> services = clusters.get(name);
    if (services == null) {
      throw clientError("ClusterNotFoundException", "Cluster not found.");
    }
    return services;
  }

  private static String lastSegment(String nameOrArn) {
    return nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
  }
}
