package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ApprovalPolicy;
import dev.baton.ConfigurationException;
import dev.baton.Environment;
import dev.baton.EnvironmentName;
import dev.baton.EnvironmentTrigger;
import dev.baton.Environments;
import dev.baton.Freeze;
import dev.baton.ImageTagScheme;
import dev.baton.PreviewLimits;
import dev.baton.Schedule;
import dev.baton.Tag;
import dev.baton.atmos.ImageVariableCheck;
import dev.baton.github.internal.RuntimeEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
  static final String FULL =
      """
      registry: 123456789012.dkr.ecr.us-east-1.amazonaws.com
      repository: acme/shop
      pull-request-label: preview
      atmos:
        component: web
        image-variable: WEB_IMAGE
      tags:
        build: "sha-{commit:7}"
        release: "v$VERSION"
      environments:
        - name: preview
          stack: plat-ue2-preview
          trigger: pull-request
          per-pull-request: PR_NUMBER
        - name: dev
          stack: plat-ue2-dev
          github-environment: development
          trigger: {push: trunk}
          moving-tags: [latest, edge]
          drafts-release: true
        - name: staging
          trigger: {release: {prereleases: true}}
          needs: dev
        - name: prod
          trigger:
            after: staging
          needs: [staging]
          approval: true
      """;

  @Test
  void fullFile_setsEverySetting() {
    BatonConfig c = ConfigLoader.parse("baton.yaml", FULL);
    assertThat(c.repository(RuntimeEnvironment.of(Map.of())).toString())
        .isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/acme/shop");
    assertThat(c.atmos())
        .isEqualTo(
            new BatonConfig.AtmosSettings(
                "web",
                "WEB_IMAGE",
                "atmos",
                ImageVariableCheck.WARN,
                BatonConfig.AtmosSettings.DEFAULT_TIMEOUT,
                BatonConfig.AtmosSettings.DEFAULT_GRACE_PERIOD));
    assertThat(c.tagScheme()).isEqualTo(new ImageTagScheme("sha-", 7));
    assertThat(c.releaseTagTemplate()).isEqualTo("v$VERSION");
    Environments t = c.environments();
    assertThat(t.all())
        .extracting(e -> e.name().value())
        .containsExactly("preview", "dev", "staging", "prod");
    assertThat(t.get("preview").trigger())
        .isEqualTo(EnvironmentTrigger.pullRequestLabel("preview"));
    assertThat(t.get("preview").stack().value()).isEqualTo("plat-ue2-preview");
    Environment dev = t.get("dev");
    assertThat(dev.trigger()).isEqualTo(EnvironmentTrigger.pushTo("trunk"));
    assertThat(dev.githubEnvironment()).isEqualTo("development");
    assertThat(dev.movingTags()).containsExactly(Tag.parse("latest"), Tag.parse("edge"));
    assertThat(dev.draftsRelease()).isTrue();
    assertThat(t.get("staging").trigger()).isEqualTo(new EnvironmentTrigger.ReleasePublished(true));
    assertThat(t.get("staging").needs()).containsExactly(EnvironmentName.parse("dev"));
    assertThat(t.get("prod").requiresApproval()).isTrue();
    assertThat(t.get("prod").trigger()).isEqualTo(EnvironmentTrigger.after("staging"));
  }

  @Test
  void atmosTimeoutAndGracePeriod_areDurations() {
    BatonConfig c =
        ConfigLoader.parse("baton.yaml", "atmos:\n  timeout: 45m\n  grace-period: 500ms\n");
    assertThat(c.atmos().timeout()).isEqualTo(Duration.ofMinutes(45));
    assertThat(c.atmos().gracePeriod()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void runTimeout_isADurationUpToADay_defaulting2h() {
    assertThat(ConfigLoader.parse("baton.yaml", "").runTimeout()).isEqualTo(Duration.ofHours(2));
    assertThat(ConfigLoader.parse("baton.yaml", "run-timeout: 90m\n").runTimeout())
        .isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void load_refusesAFileOverOneMiB(@TempDir Path dir) throws Exception {
    Path big = dir.resolve("baton.yaml");
    Files.writeString(big, "# " + "x".repeat(1 << 20) + "\n");

    assertThatThrownBy(() -> ConfigLoader.load(big))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("is larger than 1 MiB (1048576 bytes)");
  }

  @Test
  void noEnvironments_keepsTheSeedTable_withTheFilesLabel() {
    BatonConfig c = ConfigLoader.parse("baton.yaml", "pull-request-label: ship-it\n");
    assertThat(c.environments().all()).hasSize(4);
    assertThat(c.environments().get("preview").trigger())
        .isEqualTo(EnvironmentTrigger.pullRequestLabel("ship-it"));
    assertThat(c.environments().get("prod").requiresApproval()).isTrue();
  }

  @Test
  void emptyFile_isTheDefaults() {
    BatonConfig c = ConfigLoader.parse("baton.yaml", "# nothing yet\n");
    assertThat(c.environments().all()).isEqualTo(Environments.standard().all());
    assertThat(c.configuredRepository()).isEmpty();
  }

  @Test
  void noRepository_fallsBackToGhcrOfTheGitHubRepository() {
    BatonConfig c = BatonConfig.defaults();
    assertThat(
            c.repository(RuntimeEnvironment.of(Map.of("GITHUB_REPOSITORY", "Acme/Shop")))
                .toString())
        .isEqualTo("ghcr.io/acme/shop");
    assertThatThrownBy(() -> c.repository(RuntimeEnvironment.of(Map.of())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("repository");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      registry: ghcr.io\\nrepositry: acme/shop                     | baton.yaml:2: repositry: unknown key "repositry" at the top level
      repository: acme/shop\\natmos:\\n  componnt: app             | baton.yaml:3: componnt: unknown key "componnt" in "atmos"
      environments:\\n  - name: dev\\n    aproval: true            | baton.yaml:3: aproval: unknown key "aproval" in an environment
      environments:\\n  - name: dev\\n    approval: yes please     | baton.yaml:3: environments.dev.approval: must be true or false, got "yes please"
      environments:\\n  - name: dev\\n    trigger: nightly         | baton.yaml:3: environments.dev.trigger: unknown trigger "nightly"
      environments:\\n  - name: dev\\n  - name: dev                | baton.yaml:3: name: environment "dev" is defined twice
      environments:\\n  - name: dev\\n    needs: [qa]              | baton.yaml:3: environments: refers to environment "qa", which is not defined
      environments:\\n  - name: prod\\n    trigger: {after: stg}    | baton.yaml:3: environments: refers to environment "stg"
      environments:\\n  - stack: dev                               | baton.yaml:2: environments: an environment has no "name"
      environments:\\n  - name: Dev!                               | baton.yaml:2: environments.Dev!.name:
      environments:\\n  - name: dev\\n    moving-tags: [bad!tag]   | baton.yaml:3: environments.dev.moving-tags: invalid tag "bad!tag"
      environments:\\n  - name: dev\\n    per-pull-request: PR-N   | baton.yaml:3: environments.dev.per-pull-request: "PR-N" is not an environment variable name
      environments: []                                             | baton.yaml:1: environments: must be a non-empty list
      tags:\\n  build: "sha-{commit:3}"                            | baton.yaml:2: tags.build: commit length must be 7 to 40, got 3
      tags:\\n  build: "{commit}-build"                            | baton.yaml:2: tags.build: "{commit}-build" does not end with {commit}
      tags:\\n  release: "v1"                                      | baton.yaml:2: tags.release: invalid release tag template "v1"
      registry: ghcr.io                                            | baton.yaml:1: registry: is given without "repository"
      repository: ghcr.io/acme/shop:latest                         | baton.yaml:1: repository: "ghcr.io/acme/shop:latest" names a tag or digest
      repository: ghcr.io/Acme/shop                                | baton.yaml:1: repository: invalid image reference
      atmos:\\n  image-variable: APP IMAGE                         | baton.yaml:2: atmos.image-variable: "APP IMAGE" is not an environment variable name
      atmos:\\n  image-variable: PATH                              | baton.yaml:2: atmos.image-variable: image variable PATH is reserved: atmos finds terraform
      atmos:\\n  image-variable: HOME                              | baton.yaml:2: atmos.image-variable: image variable HOME is reserved
      atmos:\\n  image-variable: ATMOS_PROFILE                     | baton.yaml:2: atmos.image-variable: image variable ATMOS_PROFILE is reserved
      atmos:\\n  image-variable-check: strict                   | baton.yaml:2: atmos.image-variable-check: "strict" is not a check policy
      atmos:\\n  timeout: 0s                                    | baton.yaml:2: atmos.timeout: "0s" is not a positive duration
      atmos:\\n  grace-period: soon                             | baton.yaml:2: atmos.grace-period
      run-timeout: 0s                                              | baton.yaml:1: run-timeout: "0s" is not a positive duration
      run-timeout: 25h                                             | baton.yaml:1: run-timeout: "25h" is not from 1s to 24h
      pull-request-label: [a, b]                                   | baton.yaml:1: pull-request-label: must be a non-empty text value
      environments:\\n  - name: dev\\n   bad indent: [             | baton.yaml:
      - just a list                                                | baton.yaml:1: at the top level: must be a mapping
      environments:\\n  - name: dev\\n    windows: MON-FRI       | baton.yaml:3: environments.dev.windows: must be a list
      environments:\\n  - name: dev\\n    windows: [{days: MON}] | baton.yaml:3: environments.dev.windows.from: is missing
      environments:\\n  - name: dev\\n    windows: [{days: MOO, from: "09:00", to: "17:00"}] | baton.yaml:3: environments.dev.windows: "MOO" is not a day of the week
      environments:\\n  - name: dev\\n    windows: [{days: MON, from: 9am, to: "17:00"}] | baton.yaml:3: environments.dev.windows: schedule start "9am" is not a time of day
      environments:\\n  - name: dev\\n    windows: [{days: MON, from: "09:00", to: "17:00", zone: Mars}] | baton.yaml:3: environments.dev.windows: "Mars" is not a time zone
      environments:\\n  - name: dev\\n    windows: [{days: MON, from: "09:00", til: "17:00"}] | baton.yaml:3: til: unknown key "til" in "environments.dev.windows"
      environments:\\n  - name: dev\\n    freezes: [{from: 2026-12-20, until: 2027-01-04T00:00:00Z}] | baton.yaml:3: environments.dev.freezes: freeze from "2026-12-20" is not an instant
      environments:\\n  - name: dev\\n    freezes: [{from: 2027-01-04T00:00:00Z, until: 2026-12-20T00:00:00Z}] | baton.yaml:3: environments.dev.freezes: freeze until 2026-12-20T00:00:00Z is not after
      environments:\\n  - name: dev\\n    freezes: [{from: 2027-01-04T00:00:00Z}] | baton.yaml:3: environments.dev.freezes.until: is missing
      environments:\\n  - name: dev\\n    freezes: [{days: FRI, from: "15:00", until: "23:00"}] | baton.yaml:3: environments.dev.freezes.until: a weekly freeze (with days) ends at "to"
      environments:\\n  - name: dev\\n    soak: 2 hours          | baton.yaml:3: environments.dev.soak: "2 hours" is not a positive duration
      environments:\\n  - name: dev\\n    soak: 2h               | baton.yaml:2: environments.dev: environment dev: a soak needs upstream environments
      environments:\\n  - name: dev\\n    auto-rollback: maybe   | baton.yaml:3: environments.dev.auto-rollback: must be true or false, got "maybe"
      environments:\\n  - name: dev\\n    previews: {ttl: 72h}   | baton.yaml:2: environments.dev: environment dev: preview limits (ttl, max-age) apply only to an environment with one instance per pull request
      environments:\\n  - name: p\\n    per-pull-request: PR_NUMBER\\n    previews: {ttl: 3 days} | baton.yaml:4: environments.p.previews.ttl: "3 days" is not a positive duration
      environments:\\n  - name: p\\n    per-pull-request: PR_NUMBER\\n    previews: {max-age: 400d} | baton.yaml:4: environments.p.previews.max-age: "400d" is not from 1m to 365d
      environments:\\n  - name: p\\n    per-pull-request: PR_NUMBER\\n    previews: {}     | baton.yaml:4: environments.p.previews: sets no limit
      environments:\\n  - name: p\\n    per-pull-request: PR_NUMBER\\n    previews: {idle: 1h} | baton.yaml:4: idle: unknown key "idle" in "environments.p.previews"
      environments:\\n  - name: dev\\n    quarantine-on-failure: maybe | baton.yaml:3: environments.dev.quarantine-on-failure
      environments:\\n  - name: dev\\n    approval: {required: 0} | baton.yaml:3: environments.dev.approval.required: must be a whole number from 1 to 20, got "0"
      environments:\\n  - name: dev\\n    approval: {required: many} | baton.yaml:3: environments.dev.approval.required: must be a whole number
      environments:\\n  - name: dev\\n    approval: {not-author: true} | baton.yaml:3: environments.dev.approval.required: is missing
      environments:\\n  - name: dev\\n    approval: {required: 2, quorum: 3} | baton.yaml:3: quorum: unknown key "quorum"
      """)
  void badFile_isAConfigurationError_namingLineAndKey(String yaml, String message) {
    assertRefused(yaml, message);
  }

  /**
   * @param yaml a baton.yaml, its line breaks written {@code \\n} as in a table of cases
   * @param message what the error's message must contain
   */
  static void assertRefused(String yaml, String message) {
    assertThatThrownBy(() -> ConfigLoader.parse("baton.yaml", yaml.replace("\\n", "\n")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((ConfigurationException) e).hint()).isNotBlank());
  }

  @Test
  void windowsFreezesAndSoak_areRead() {
    String yaml =
        """
        environments:
          - name: staging
            trigger: push
          - name: prod
            needs: [staging]
            soak: 2h
            windows: [{days: MON-FRI, from: "09:00", to: "17:00", zone: Europe/Berlin}]
            freezes:
              - {from: 2026-12-20T00:00:00Z, until: 2027-01-04T00:00:00Z, reason: holidays}
              - {days: FRI, from: "15:00", to: "09:00", zone: Europe/Berlin, reason: weekend}
        """;
    Environment prod = ConfigLoader.parse("baton.yaml", yaml).environments().get("prod");
    assertThat(prod.soak()).isEqualTo(Duration.ofHours(2));
    assertThat(prod.windows()).containsExactly(Schedule.parse("MON-FRI 09:00-17:00 Europe/Berlin"));
    assertThat(prod.freezes())
        .containsExactly(
            Freeze.between("2026-12-20T00:00:00Z", "2027-01-04T00:00:00Z", "holidays"),
            Freeze.weekly(Schedule.parse("FRI 15:00-09:00 Europe/Berlin"), "weekend"));
  }

  @Test
  void autoRollbackAndPreviewLimits_areRead_offByDefault() {
    String yaml =
        """
        environments:
          - name: preview
            trigger: pull-request
            per-pull-request: PR_NUMBER
            previews: {ttl: 72h, max-age: 14d}
          - name: dev
            trigger: push
            auto-rollback: true
          - name: prod
            trigger: {after: dev}
        """;
    Environments table = ConfigLoader.parse("baton.yaml", yaml).environments();
    assertThat(table.get("preview").previews())
        .isEqualTo(PreviewLimits.of(Duration.ofHours(72), Duration.ofDays(14)));
    assertThat(table.get("dev").autoRollback()).isTrue();
    assertThat(table.get("prod").autoRollback()).isFalse();
    assertThat(table.get("prod").previews()).isEqualTo(PreviewLimits.NONE);
  }

  @Test
  void quarantineOnFailure_isRead_andOffByDefault() {
    String yaml =
        """
        environments:
          - name: dev
            trigger: push
            quarantine-on-failure: true
          - name: prod
            needs: [dev]
        """;
    Environments table = ConfigLoader.parse("baton.yaml", yaml).environments();
    assertThat(table.get("dev").quarantineOnFailedVerification()).isTrue();
    assertThat(table.get("prod").quarantineOnFailedVerification()).isFalse();
  }

  @Test
  void approval_isABooleanOrACountWithNotAuthor() {
    String yaml =
        """
        environments:
          - name: dev
            trigger: push
            approval: true
          - name: staging
            needs: [dev]
            approval: false
          - name: prod
            needs: [staging]
            approval: {required: 2, not-author: true}
          - name: qa
            approval: {required: 3}
        """;
    Environments table = ConfigLoader.parse("baton.yaml", yaml).environments();
    assertThat(table.get("dev").approvals()).isEqualTo(ApprovalPolicy.of(1));
    assertThat(table.get("staging").approvals()).isEqualTo(ApprovalPolicy.none());
    assertThat(table.get("prod").approvals()).isEqualTo(ApprovalPolicy.of(2).excludingAuthors());
    assertThat(table.get("qa").approvals()).isEqualTo(ApprovalPolicy.of(3));
  }

  @Test
  void afterLoop_isReported() {
    String yaml =
        """
        environments:
          - name: a
            trigger: {after: b}
          - name: b
            trigger: {after: a}
        """;
    assertThatThrownBy(() -> ConfigLoader.parse("baton.yaml", yaml))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("baton.yaml:2:")
        .hasMessageContaining("loop");
  }

  @Test
  void commands_reportConfigErrors_exit1_withHint(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("baton.yaml"), "registry: ghcr.io\nrepository: a/b\nlabel: x\n");
    Path event = dir.resolve("event.json");
    Files.writeString(event, "{}");
    CliRunner.Outcome o =
        CliRunner.in(dir)
            .run("plan", "--event-name", "push", "--event-path", event.toString(), "--offline");
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err())
        .contains("baton.yaml:3: label: unknown key \"label\"")
        .contains("hint: known keys");
  }

  @Test
  void missingExplicitConfig_exit1() throws Exception {
    Path dir = Files.createTempDirectory("cfg");
    Path event = Files.writeString(dir.resolve("e.json"), "{}");
    CliRunner.Outcome o =
        CliRunner.in(dir)
            .run(
                "plan",
                "--config",
                "nope.yaml",
                "--event-name",
                "push",
                "--event-path",
                event.toString(),
                "--offline");
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("nope.yaml does not exist");
  }
}
