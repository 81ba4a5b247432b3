package dev.baton.cli.internal;

import dev.baton.ConfigurationException;
import dev.baton.Environment;
import dev.baton.EnvironmentTrigger;
import dev.baton.Environments;
import dev.baton.Freeze;
import dev.baton.ImageReference;
import dev.baton.ImageTagScheme;
import dev.baton.ReleaseVersion;
import dev.baton.Schedule;
import dev.baton.SemanticVersion;
import dev.baton.atmos.AtmosStackDeployer;
import dev.baton.atmos.ImageVariableCheck;
import dev.baton.internal.TooLargeException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads {@code baton.yaml}. SnakeYAML only composes the node tree (nothing is constructed from the
 * file, so no type in it is ever instantiated); this class walks the nodes so that every unknown
 * key and bad value is a {@link ConfigurationException} naming the file, line and key.
 *
 * <pre>{@code
 * registry: ghcr.io
 * repository: acme/shop
 * pull-request-label: deploy
 * atmos: {component: app, image-variable: APP_IMAGE, image-variable-check: fail}
 * tags: {build: "sha-{commit}", release: "$VERSION"}
 * environments:
 *   - name: preview
 *     trigger: pull-request
 *     per-pull-request: PR_NUMBER
 *     previews: {ttl: 72h, max-age: 14d}
 *   - name: dev
 *     trigger: push
 *     moving-tags: [latest]
 *     drafts-release: true
 *   - name: staging
 *     trigger: release
 *     needs: [dev]
 *   - name: prod
 *     trigger: {after: staging}
 *     needs: [staging]
 *     approval: {required: 2, not-author: true}
 *     soak: 2h
 *     auto-rollback: true
 *     windows: [{days: MON-FRI, from: "09:00", to: "17:00", zone: Europe/Berlin}]
 *     freezes: [{from: 2026-12-20T00:00:00Z, until: 2027-01-04T00:00:00Z, reason: holidays}]
 *     quarantine-on-failure: true
 * }</pre>
 */
public final class ConfigLoader {
  /** The file looked for in the working directory when {@code --config} is not given. */
  public static final String DEFAULT_FILE = "baton.yaml";

  /** The largest configuration file read: 1 MiB, hundreds of times a real one. */
  public static final long MAX_BYTES = 1L << 20;

  private static final List<String> TOP_KEYS =
      List.of(
          "registry",
          "repository",
          "pull-request-label",
          "atmos",
          "tags",
          "environments",
          "coordination",
          "run-timeout");
  private static final List<String> ATMOS_KEYS =
      List.of(
          "component",
          "image-variable",
          "executable",
          "image-variable-check",
          "timeout",
          "grace-period");
  private static final List<String> TAG_KEYS = List.of("build", "release");
  private static final List<String> ENV_KEYS =
      List.of(
          "name",
          "stack",
          "github-environment",
          "trigger",
          "approval",
          "needs",
          "per-pull-request",
          "moving-tags",
          "drafts-release",
          "queue",
          "windows",
          "freezes",
          "soak",
          "auto-rollback",
          "previews",
          "quarantine-on-failure");
  private static final List<String> TRIGGER_KINDS =
      List.of("pull-request", "push", "release", "after", "manual");
  // The build tag template: a prefix, then the commit, whole or abbreviated ({commit:7}).
  private static final Pattern BUILD_TEMPLATE = Pattern.compile("(.*)\\{commit(?::(\\d+))?}");
  static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final String source;
  private final YamlNodes y;
  private final PolicySection policies;

  private ConfigLoader(String source) {
    this.source = source;
    this.y = new YamlNodes(source);
    this.policies = new PolicySection(y);
  }

  /**
   * The configuration for a command: the file given with {@code --config} (which must exist), else
   * {@code baton.yaml} in the working directory when there is one, else the seed's defaults.
   *
   * @param explicit the {@code --config} value, if given
   * @param ctx resolves relative paths
   * @return the configuration
   * @throws ConfigurationException naming file, line and key of the first problem
   */
  public static BatonConfig forCommand(Optional<String> explicit, Context ctx) {
    if (explicit.isPresent()) {
      return load(ctx.resolve(explicit.get()));
    }
    Path implicit = ctx.resolve(DEFAULT_FILE);
    return Files.isRegularFile(implicit) ? load(implicit) : BatonConfig.defaults();
  }

  /**
   * @param file a {@code baton.yaml}
   * @return its configuration
   * @throws ConfigurationException when it cannot be read or is invalid
   */
  public static BatonConfig load(Path file) {
    String text;
    try {
      byte[] bytes = TooLargeException.readFile(file, MAX_BYTES);
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (TooLargeException e) {
      throw new ConfigurationException(
          "configuration file " + file + " is larger than " + TooLargeException.describe(MAX_BYTES),
          "a baton.yaml is a few kilobytes: check that --config names the right file",
          e);
    } catch (NoSuchFileException e) {
      throw new ConfigurationException(
          "configuration file " + file + " does not exist",
          "check the --config path, or leave it out to use ./baton.yaml or the defaults",
          e);
    } catch (IOException e) {
      throw new ConfigurationException(
          "cannot read configuration file " + file + ": " + e, "check the file's permissions", e);
    }
    return parse(file.getFileName().toString(), text);
  }

  /**
   * @param source the file's name, for messages
   * @param text the YAML
   * @return the configuration
   * @throws ConfigurationException naming {@code source}, line and key of the first problem
   */
  public static BatonConfig parse(String source, String text) {
    return new ConfigLoader(source).read(text);
  }

  private BatonConfig read(String text) {
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new ConfigurationException(
          source + ":" + line + ": not valid YAML: " + e.getProblem(),
          "fix the YAML syntax at that line");
    } catch (YAMLException e) {
      throw new ConfigurationException(
          source + ": not valid YAML: " + e.getMessage(), "fix the YAML syntax");
    }
    BatonConfig d = BatonConfig.defaults();
    if (root == null) {
      return new BatonConfig(
          source,
          d.environments(),
          null,
          d.atmos(),
          d.tagScheme(),
          d.releaseTagTemplate(),
          d.pullRequestLabel(),
          d.coordination(),
          d.runTimeout());
    }
    Map<String, Node> top = y.keys(root, "at the top level", TOP_KEYS);
    String label =
        y.optional(top, "pull-request-label")
            .map(n -> y.text(n, "pull-request-label"))
            .orElse(BatonConfig.DEFAULT_LABEL);
    ImageReference repository = repository(top);
    BatonConfig.AtmosSettings atmos = atmos(top, d.atmos());
    ImageTagScheme scheme = d.tagScheme();
    String releaseTemplate = d.releaseTagTemplate();
    if (top.containsKey("tags")) {
      Map<String, Node> tags = y.keys(top.get("tags"), "in \"tags\"", TAG_KEYS);
      scheme = y.optional(tags, "build").map(n -> buildTemplate(n)).orElse(scheme);
      releaseTemplate =
          y.optional(tags, "release").map(n -> releaseTemplate(n)).orElse(releaseTemplate);
    }
    Environments environments =
        top.containsKey("environments")
            ? environments(top.get("environments"), label)
            : relabel(d.environments(), label);
    CoordinationSettings coordination =
        top.containsKey("coordination")
            ? CoordinationSection.read(y, top.get("coordination"))
            : d.coordination();
    Duration runTimeout =
        y.duration(
            top,
            "",
            "run-timeout",
            Duration.ofSeconds(1),
            BatonConfig.MAX_RUN_TIMEOUT,
            d.runTimeout());
    return new BatonConfig(
        source,
        environments,
        repository,
        atmos,
        scheme,
        releaseTemplate,
        label,
        coordination,
        runTimeout);
  }

  private ImageReference repository(Map<String, Node> top) {
    Optional<Node> registry = y.optional(top, "registry");
    Optional<Node> repository = y.optional(top, "repository");
    if (repository.isEmpty()) {
      registry.ifPresent(
          n -> {
            throw y.error(
                n,
                "registry",
                "is given without \"repository\"",
                "add \"repository: owner/app\" next to it");
          });
      return null;
    }
    Node repoNode = repository.get();
    String repo = y.text(repoNode, "repository");
    try {
      ImageReference ref =
          registry.isPresent()
              ? ImageReference.of(y.text(registry.get(), "registry"), repo)
              : ImageReference.parse(repo);
      if (ref.tag().isPresent() || ref.digest().isPresent()) {
        throw y.error(
            repoNode,
            "repository",
            "\"" + repo + "\" names a tag or digest",
            "give the repository only, e.g. ghcr.io/acme/shop; Baton computes the tags");
      }
      return ref;
    } catch (IllegalArgumentException e) {
      throw y.error(
          repoNode,
          "repository",
          e.getMessage(),
          "give \"registry: ghcr.io\" and \"repository: owner/app\", or the whole"
              + " \"repository: ghcr.io/owner/app\"");
    }
  }

  private BatonConfig.AtmosSettings atmos(Map<String, Node> top, BatonConfig.AtmosSettings d) {
    if (!top.containsKey("atmos")) {
      return d;
    }
    Map<String, Node> a = y.keys(top.get("atmos"), "in \"atmos\"", ATMOS_KEYS);
    String component =
        y.optional(a, "component").map(n -> y.text(n, "atmos.component")).orElse(d.component());
    String variable =
        y.optional(a, "image-variable")
            .map(
                n -> {
                  String v = y.text(n, "atmos.image-variable");
                  if (!VARIABLE.matcher(v).matches()) {
                    throw y.error(
                        n,
                        "atmos.image-variable",
                        "\"" + v + "\" is not an environment variable name",
                        "use letters, digits and '_', e.g. APP_IMAGE");
                  }
                  try {
                    AtmosStackDeployer.builder().imageVariable(v);
                  } catch (IllegalArgumentException e) {
                    throw y.error(
                        n,
                        "atmos.image-variable",
                        e.getMessage(),
                        "name the variable the component's image: !env reads something of its"
                            + " own, e.g. APP_IMAGE");
                  }
                  return v;
                })
            .orElse(d.imageVariable());
    String executable =
        y.optional(a, "executable").map(n -> y.text(n, "atmos.executable")).orElse(d.executable());
    ImageVariableCheck check =
        y.optional(a, "image-variable-check")
            .map(
                n ->
                    y.choice(
                        n,
                        "atmos.image-variable-check",
                        ImageVariableCheck.class,
                        "a check policy",
                        "use off, warn or fail"))
            .orElse(d.imageVariableCheck());
    Duration timeout =
        y.optional(a, "timeout")
            .map(n -> y.duration(n, "atmos.timeout", false))
            .orElse(d.timeout());
    Duration grace =
        y.optional(a, "grace-period")
            .map(n -> y.duration(n, "atmos.grace-period", true))
            .orElse(d.gracePeriod());
    return new BatonConfig.AtmosSettings(component, variable, executable, check, timeout, grace);
  }

  private ImageTagScheme buildTemplate(Node n) {
    String t = y.text(n, "tags.build");
    Matcher m = BUILD_TEMPLATE.matcher(t);
    if (!m.matches()) {
      throw y.error(
          n,
          "tags.build",
          "\"" + t + "\" does not end with {commit} or {commit:N}",
          "use e.g. \"sha-{commit}\" (40 characters, the reference's) or \"sha-{commit:7}\"");
    }
    try {
      int length = m.group(2) == null ? 40 : Integer.parseInt(m.group(2));
      return new ImageTagScheme(m.group(1), length);
    } catch (IllegalArgumentException e) {
      throw y.error(n, "tags.build", e.getMessage(), "use e.g. \"sha-{commit}\"");
    }
  }

  private String releaseTemplate(Node n) {
    String t = y.text(n, "tags.release");
    try {
      ReleaseVersion.of(new SemanticVersion(1, 2, 3), t);
      return t;
    } catch (IllegalArgumentException e) {
      throw y.error(n, "tags.release", e.getMessage(), "use \"$VERSION\" or \"v$VERSION\"");
    }
  }

  /** Without an environment table in the file, the seed's table with the file's label. */
  private static Environments relabel(Environments table, String label) {
    Environments.Builder b = table.toBuilder();
    for (Environment e : table.all()) {
      if (e.trigger() instanceof EnvironmentTrigger.PullRequestLabel) {
        b.change(
            e.name().value(),
            changed -> changed.trigger(EnvironmentTrigger.pullRequestLabel(label)));
      }
    }
    return b.build();
  }

  private Environments environments(Node node, String label) {
    if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
      throw y.error(
          node,
          "environments",
          "must be a non-empty list of environments",
          "write each as \"- name: dev\" with its settings below it");
    }
    Map<String, Node> names = new HashMap<>();
    List<Environment> out = new ArrayList<>();
    List<Map.Entry<Node, String>> references = new ArrayList<>();
    for (Node item : seq.getValue()) {
      Map<String, Node> e = y.keys(item, "in an environment", ENV_KEYS);
      Node nameNode = e.get("name");
      if (nameNode == null) {
        throw y.error(
            item,
            "environments",
            "an environment has no \"name\"",
            "add \"name: dev\" (or another name) to it");
      }
      String name = y.text(nameNode, "name");
      if (names.putIfAbsent(name, nameNode) != null) {
        throw y.error(
            nameNode,
            "name",
            "environment \"" + name + "\" is defined twice",
            "give each environment a distinct name");
      }
      String key = "environments." + name;
      Environment.Builder b = y.value(nameNode, key + ".name", () -> Environment.builder(name));
      y.optional(e, "stack")
          .ifPresent(n -> y.value(n, key + ".stack", () -> b.stack(y.text(n, key))));
      y.optional(e, "github-environment")
          .ifPresent(
              n ->
                  y.value(
                      n, key + ".github-environment", () -> b.githubEnvironment(y.text(n, key))));
      y.optional(e, "approval")
          .ifPresent(n -> b.approvals(policies.approval(n, key + ".approval")));
      y.optional(e, "drafts-release")
          .ifPresent(n -> b.draftsRelease(y.bool(n, key + ".drafts-release")));
      y.optional(e, "per-pull-request")
          .ifPresent(
              n -> {
                String v = y.text(n, key + ".per-pull-request");
                if (!VARIABLE.matcher(v).matches()) {
                  throw y.error(
                      n,
                      key + ".per-pull-request",
                      "\"" + v + "\" is not an environment variable name",
                      "use e.g. PR_NUMBER");
                }
                b.perPullRequest(v);
              });
      y.optional(e, "needs")
          .ifPresent(
              n -> {
                List<String> needs = y.texts(n, key + ".needs");
                needs.forEach(u -> references.add(Map.entry(n, u)));
                y.value(n, key + ".needs", () -> b.needs(needs.toArray(String[]::new)));
              });
      y.optional(e, "moving-tags")
          .ifPresent(
              n ->
                  y.value(
                      n,
                      key + ".moving-tags",
                      () -> b.movingTags(y.texts(n, key + ".moving-tags").toArray(String[]::new))));
      y.optional(e, "trigger")
          .ifPresent(n -> b.trigger(trigger(n, key + ".trigger", label, references)));
      y.optional(e, "queue").ifPresent(n -> b.queue(policies.queue(n, key + ".queue")));
      y.optional(e, "windows")
          .ifPresent(
              n -> b.windows(policies.windows(n, key + ".windows").toArray(Schedule[]::new)));
      y.optional(e, "freezes")
          .ifPresent(n -> b.freezes(policies.freezes(n, key + ".freezes").toArray(Freeze[]::new)));
      y.optional(e, "soak").ifPresent(n -> b.soak(y.duration(n, key + ".soak", false)));
      y.optional(e, "auto-rollback")
          .ifPresent(n -> b.autoRollback(y.bool(n, key + ".auto-rollback")));
      y.optional(e, "previews").ifPresent(n -> b.previews(policies.previews(n, key + ".previews")));
      y.optional(e, "quarantine-on-failure")
          .ifPresent(
              n -> b.quarantineOnFailedVerification(y.bool(n, key + ".quarantine-on-failure")));
      out.add(y.value(item, key, b::build));
    }
    for (Map.Entry<Node, String> ref : references) {
      if (!names.containsKey(ref.getValue())) {
        throw y.error(
            ref.getKey(),
            "environments",
            "refers to environment \"" + ref.getValue() + "\", which is not defined",
            "known environments: " + names.keySet());
      }
    }
    Environments.Builder table = Environments.builder();
    out.forEach(table::add);
    try {
      return table.build();
    } catch (ConfigurationException e) {
      throw new ConfigurationException(y.at(node) + "environments: " + e.getMessage(), e.hint(), e);
    }
  }

  private EnvironmentTrigger trigger(
      Node n, String key, String label, List<Map.Entry<Node, String>> references) {
    String kind;
    Node arg = null;
    if (n instanceof ScalarNode) {
      kind = y.text(n, key);
    } else if (n instanceof MappingNode m && m.getValue().size() == 1) {
      kind = y.text(m.getValue().get(0).getKeyNode(), key);
      arg = m.getValue().get(0).getValueNode();
    } else {
      throw y.error(
          n,
          key,
          "must be one of " + TRIGGER_KINDS + ", or a mapping with one of them",
          "e.g. \"trigger: push\" or \"trigger: {after: staging}\"");
    }
    switch (kind) {
      case "pull-request":
        return EnvironmentTrigger.pullRequestLabel(arg == null ? label : y.text(arg, key));
      case "push":
        return arg == null
            ? EnvironmentTrigger.pushToDefaultBranch()
            : EnvironmentTrigger.pushTo(y.text(arg, key + ".push"));
      case "release":
        if (arg == null) {
          return EnvironmentTrigger.releasePublished();
        }
        Map<String, Node> r = y.keys(arg, "in " + key + ".release", List.of("prereleases"));
        return new EnvironmentTrigger.ReleasePublished(
            y.optional(r, "prereleases")
                .map(p -> y.bool(p, key + ".release.prereleases"))
                .orElse(false));
      case "after":
        if (arg == null) {
          throw y.error(
              n,
              key,
              "\"after\" needs the environment it follows",
              "write \"trigger: {after: staging}\"");
        }
        String upstream = y.text(arg, key + ".after");
        references.add(Map.entry(arg, upstream));
        return y.value(arg, key + ".after", () -> EnvironmentTrigger.after(upstream));
      case "manual":
        if (arg != null) {
          throw y.error(arg, key, "\"manual\" takes no value", "write \"trigger: manual\"");
        }
        return EnvironmentTrigger.manual();
      default:
        throw y.error(n, key, "unknown trigger \"" + kind + "\"", "use one of " + TRIGGER_KINDS);
    }
  }
}
