package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The example workflow parses, listens to the four reference triggers, calls baton run, and sweeps
 * previews on a schedule.
 */
class WorkflowFileTest {
  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @Test
  void workflow_replacesTheFourReferenceWorkflows() throws Exception {
    String text = Files.readString(Path.of("github/workflows/baton.yml"));
    Map<String, Object> w = map(new Yaml(new SafeConstructor(new LoaderOptions())).load(text));
    // YAML 1.1 reads the key "on" as true.
    Map<String, Object> on = map(w.containsKey("on") ? w.get("on") : w.get(Boolean.TRUE));
    assertThat(on).containsOnlyKeys("pull_request", "push", "release", "schedule");
    assertThat(String.valueOf(map(w.get("env")).get("JDK_JAVA_OPTIONS")))
        .isEqualTo("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    assertThat(String.valueOf(on.get("schedule"))).contains("cron=");
    assertThat(String.valueOf(map(on.get("pull_request")).get("types")).split(", |\\[|]"))
        .contains("opened", "synchronize", "reopened", "labeled", "unlabeled", "closed");
    assertThat(map(w.get("permissions")))
        .containsKeys("contents", "deployments", "statuses", "packages", "id-token");
    Map<String, Object> jobs = map(w.get("jobs"));
    for (String job : List.of("deploy", "release", "production")) {
      Map<String, Object> j = map(jobs.get(job));
      assertThat(String.valueOf(map(j.get("concurrency")).get("group"))).endsWith("-app");
      assertThat(String.valueOf(j.get("steps"))).contains("baton.jar\" run");
    }
    // Staging first, then prod in a later job behind the prod environment's reviewers.
    assertThat(String.valueOf(map(jobs.get("release")).get("env"))).contains("--only staging");
    Map<String, Object> production = map(jobs.get("production"));
    assertThat(production.get("needs")).isEqualTo("release");
    assertThat(String.valueOf(map(production.get("environment")).get("name"))).isEqualTo("prod");
    assertThat(String.valueOf(production.get("env"))).contains("--only prod --approve prod");
    assertThat(String.valueOf(map(jobs.get("build")).get("steps")))
        .contains("sha-${{ github.sha }}");
    // The schedule sweeps previews, and only the sweep job runs on it.
    Map<String, Object> sweep = map(jobs.get("sweep"));
    assertThat(sweep.get("if")).isEqualTo("github.event_name == 'schedule'");
    assertThat(String.valueOf(sweep.get("steps"))).contains("baton.jar\" sweep");
    assertThat(String.valueOf(map(jobs.get("deploy")).get("if")))
        .contains("github.event_name != 'schedule'");
  }
}
