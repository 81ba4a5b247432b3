package dev.baton.cli.internal;

import dev.baton.ApprovalPolicy;
import dev.baton.ConfigurationException;
import dev.baton.Environment;
import dev.baton.EnvironmentTrigger;
import dev.baton.Environments;
import dev.baton.Freeze;
import dev.baton.ImageReference;
import dev.baton.ImageTagScheme;
import dev.baton.PreviewLimits;
import dev.baton.QueueMode;
import dev.baton.ReleaseVersion;
import dev.baton.Schedule;
import dev.baton.SemanticVersion;
import dev.baton.atmos.AtmosStackDeployer;
import dev.baton.atmos.ImageVariableCheck;
import dev.baton.internal.TooLargeException;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
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
import java.util.Locale;
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
  private static final List<String> COORDINATION_KEYS =
      List.of("dynamodb", "postgres", "lease-ttl", "lease-wait");
  private static final List<String> DYNAMODB_KEYS = List.of("table", "region", "endpoint");
  private static final List<String> POSTGRES_KEYS = List.of("url", "user", "password-env");
  // DynamoDB's table names; AWS region names (us-east-1, us-gov-west-1, eu-central-2).
  private static final Pattern DYNAMODB_TABLE = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
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
  private static final List<String> PREVIEW_KEYS = List.of("ttl", "max-age");
  // A preview lives at least a minute and at most a year between sweeps' judgements.
  private static final Duration PREVIEW_MIN = Duration.ofMinutes(1);
  private static final Duration PREVIEW_MAX = Duration.ofDays(365);
  private static final List<String> APPROVAL_KEYS = List.of("required", "not-author");
  private static final List<String> WINDOW_KEYS = List.of("days", "from", "to", "zone");
  private static final List<String> FREEZE_KEYS =
      List.of("from", "until", "reason", "days", "to", "zone");
  private static final List<String> TRIGGER_KINDS =
      List.of("pull-request", "push", "release", "after", "manual");
  // The build tag template: a prefix, then the commit, whole or abbreviated ({commit:7}).
  private static final Pattern BUILD_TEMPLATE = Pattern.compile("(.*)\\{commit(?::(\\d+))?}");
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final String source;

  private ConfigLoader(String source) {
    this.source = source;
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
    Map<String, Node> top = keys(root, "at the top level", TOP_KEYS);
    String label =
        optional(top, "pull-request-label")
            .map(n -> text(n, "pull-request-label"))
            .orElse(BatonConfig.DEFAULT_LABEL);
    ImageReference repository = repository(top);
    BatonConfig.AtmosSettings atmos = atmos(top, d.atmos());
    ImageTagScheme scheme = d.tagScheme();
    String releaseTemplate = d.releaseTagTemplate();
    if (top.containsKey("tags")) {
      Map<String, Node> tags = keys(top.get("tags"), "in \"tags\"", TAG_KEYS);
      scheme = optional(tags, "build").map(n -> buildTemplate(n)).orElse(scheme);
      releaseTemplate =
          optional(tags, "release").map(n -> releaseTemplate(n)).orElse(releaseTemplate);
    }
    Environments environments =
        top.containsKey("environments")
            ? environments(top.get("environments"), label)
            : relabel(d.environments(), label);
    CoordinationSettings coordination =
        top.containsKey("coordination") ? coordination(top.get("coordination")) : d.coordination();
    Duration runTimeout =
        duration(
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
    Optional<Node> registry = optional(top, "registry");
    Optional<Node> repository = optional(top, "repository");
    if (repository.isEmpty()) {
      registry.ifPresent(
          n -> {
            throw error(
                n,
                "registry",
                "is given without \"repository\"",
                "add \"repository: owner/app\" next to it");
          });
      return null;
    }
    Node repoNode = repository.get();
    String repo = text(repoNode, "repository");
    try {
      ImageReference ref =
          registry.isPresent()
              ? ImageReference.of(text(registry.get(), "registry"), repo)
              : ImageReference.parse(repo);
      if (ref.tag().isPresent() || ref.digest().isPresent()) {
        throw error(
            repoNode,
            "repository",
            "\"" + repo + "\" names a tag or digest",
            "give the repository only, e.g. ghcr.io/acme/shop; Baton computes the tags");
      }
      return ref;
    } catch (IllegalArgumentException e) {
      throw error(
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
    Map<String, Node> a = keys(top.get("atmos"), "in \"atmos\"", ATMOS_KEYS);
    String component =
        optional(a, "component").map(n -> text(n, "atmos.component")).orElse(d.component());
    String variable =
        optional(a, "image-variable")
            .map(
                n -> {
                  String v = text(n, "atmos.image-variable");
                  if (!VARIABLE.matcher(v).matches()) {
                    throw error(
                        n,
                        "atmos.image-variable",
                        "\"" + v + "\" is not an environment variable name",
                        "use letters, digits and '_', e.g. APP_IMAGE");
                  }
                  try {
                    AtmosStackDeployer.builder().imageVariable(v);
                  } catch (IllegalArgumentException e) {
                    throw error(
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
        optional(a, "executable").map(n -> text(n, "atmos.executable")).orElse(d.executable());
    ImageVariableCheck check =
        optional(a, "image-variable-check")
            .map(
                n -> {
                  String v = text(n, "atmos.image-variable-check");
                  for (ImageVariableCheck c : ImageVariableCheck.values()) {
                    if (c.name().equalsIgnoreCase(v)) {
                      return c;
                    }
                  }
                  throw error(
                      n,
                      "atmos.image-variable-check",
                      "\"" + v + "\" is not a check policy",
                      "use off, warn or fail");
                })
            .orElse(d.imageVariableCheck());
    Duration timeout =
        optional(a, "timeout").map(n -> duration(n, "atmos.timeout", false)).orElse(d.timeout());
    Duration grace =
        optional(a, "grace-period")
            .map(n -> duration(n, "atmos.grace-period", true))
            .orElse(d.gracePeriod());
    return new BatonConfig.AtmosSettings(component, variable, executable, check, timeout, grace);
  }

  /** A duration written {@code 500ms}, {@code 90s}, {@code 30m} or {@code 2h}. */
  private Duration duration(Node n, String key, boolean zeroAllowed) {
    try {
      return DurationText.parse(text(n, key), zeroAllowed);
    } catch (IllegalArgumentException e) {
      throw error(n, key, e.getMessage(), "write " + DurationText.FORMS);
    }
  }

  /**
   * {@code previews: {ttl: 72h, max-age: 14d}}, on the per-pull-request environment it limits: per
   * environment like {@code soak}, since a table may have several per-pull-request environments
   * with different costs.
   */
  private PreviewLimits previews(Node node, String key) {
    Map<String, Node> p = keys(node, "in \"" + key + "\"", PREVIEW_KEYS);
    if (p.isEmpty()) {
      throw error(node, key, "sets no limit", "give ttl (idle time), max-age (lifetime), or both");
    }
    return PreviewLimits.of(
        previewLimit(p.get("ttl"), key + ".ttl"), previewLimit(p.get("max-age"), key + ".max-age"));
  }

  private Duration previewLimit(Node n, String key) {
    if (n == null) {
      return Duration.ZERO;
    }
    Duration d = duration(n, key, false);
    if (d.compareTo(PREVIEW_MIN) < 0 || d.compareTo(PREVIEW_MAX) > 0) {
      throw error(
          n,
          key,
          "\"" + text(n, key) + "\" is not from 1m to 365d",
          "write " + DurationText.FORMS + ", within those bounds");
    }
    return d;
  }

  private CoordinationSettings coordination(Node node) {
    Map<String, Node> c = keys(node, "in \"coordination\"", COORDINATION_KEYS);
    if (c.containsKey("dynamodb") && c.containsKey("postgres")) {
      throw error(
          c.get("postgres"),
          "coordination",
          "gives both dynamodb and postgres",
          "keep the one every process of the flow can reach");
    }
    CoordinationSettings.Store store = new CoordinationSettings.InMemory();
    if (c.containsKey("dynamodb")) {
      store = dynamoDb(c.get("dynamodb"));
    } else if (c.containsKey("postgres")) {
      store = postgres(c.get("postgres"));
    }
    CoordinationSettings d = CoordinationSettings.defaults();
    Duration ttl =
        duration(
            c,
            "coordination.",
            "lease-ttl",
            Duration.ofSeconds(5),
            Duration.ofHours(1),
            d.leaseTimeToLive());
    Duration wait =
        duration(
            c,
            "coordination.",
            "lease-wait",
            Duration.ofSeconds(1),
            Duration.ofDays(1),
            d.leaseWait());
    return new CoordinationSettings(store, ttl, wait);
  }

  private CoordinationSettings.DynamoDb dynamoDb(Node node) {
    String key = "coordination.dynamodb";
    Map<String, Node> m = keys(node, "in \"" + key + "\"", DYNAMODB_KEYS);
    String table =
        matching(
            required(m, node, key, "table", "baton"),
            key + ".table",
            DYNAMODB_TABLE,
            "3 to 255 letters, digits, '_', '-' or '.', e.g. baton");
    String region =
        matching(
            required(m, node, key, "region", "us-east-1"),
            key + ".region",
            REGION,
            "an AWS region, e.g. us-east-1");
    Optional<URI> endpoint =
        optional(m, "endpoint")
            .map(
                n -> {
                  String v = text(n, key + ".endpoint");
                  try {
                    URI uri = new URI(v);
                    if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                        && uri.getHost() != null) {
                      return uri;
                    }
                  } catch (URISyntaxException e) {
                    // Said below.
                  }
                  throw error(
                      n,
                      key + ".endpoint",
                      "\"" + v + "\" is not an http:// or https:// URL",
                      "e.g. http://127.0.0.1:8000 for a local DynamoDB; leave it out for AWS's");
                });
    return new CoordinationSettings.DynamoDb(table, region, endpoint);
  }

  private CoordinationSettings.Postgres postgres(Node node) {
    String key = "coordination.postgres";
    if (node instanceof MappingNode mapping) {
      for (var t : mapping.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("password")) {
          throw error(
              k,
              key + ".password",
              "a password is never read from " + source,
              "put it in an environment variable (a CI secret) and name the variable:"
                  + " password-env: BATON_DB_PASSWORD");
        }
      }
    }
    Map<String, Node> m = keys(node, "in \"" + key + "\"", POSTGRES_KEYS);
    Node urlNode = required(m, node, key, "url", "\"jdbc:postgresql://HOST:5432/baton\"");
    String url = text(urlNode, key + ".url");
    if (!url.startsWith("jdbc:postgresql://")) {
      throw error(
          urlNode,
          key + ".url",
          "\"" + url + "\" is not a PostgreSQL JDBC URL",
          "write it as jdbc:postgresql://HOST:PORT/DATABASE");
    }
    if (url.toLowerCase(Locale.ROOT).contains("password=")) {
      throw error(
          urlNode,
          key + ".url",
          "holds a password",
          "take it out of the URL and name the variable that holds it with password-env");
    }
    String user = text(required(m, node, key, "user", "baton"), key + ".user");
    Optional<String> variable =
        optional(m, "password-env")
            .map(n -> matching(n, key + ".password-env", VARIABLE, "e.g. BATON_DB_PASSWORD"));
    return new CoordinationSettings.Postgres(url, user, variable);
  }

  /** {@code windows}: a list of {@code {days: MON-FRI, from: "09:00", to: "17:00", zone: UTC}}. */
  private List<Schedule> windows(Node node, String key) {
    List<Schedule> out = new ArrayList<>();
    for (Node item : items(node, key, "[{days: MON-FRI, from: \"09:00\", to: \"17:00\"}]")) {
      Map<String, Node> w = keys(item, "in \"" + key + "\"", WINDOW_KEYS);
      out.add(schedule(w, item, key));
    }
    return out;
  }

  private Schedule schedule(Map<String, Node> w, Node item, String key) {
    String days = text(required(w, item, key, "days", "MON-FRI"), key + ".days");
    String from = text(required(w, item, key, "from", "\"09:00\""), key + ".from");
    String to = text(required(w, item, key, "to", "\"17:00\""), key + ".to");
    String zone = optional(w, "zone").map(n -> text(n, key + ".zone")).orElse(null);
    return value(item, key, () -> Schedule.of(days, from, to, zone));
  }

  /**
   * {@code freezes}: a list of one-off {@code {from: INSTANT, until: INSTANT, reason: ...}} and
   * weekly {@code {days: FRI, from: "15:00", to: "09:00", zone: ..., reason: ...}} freezes.
   */
  private List<Freeze> freezes(Node node, String key) {
    List<Freeze> out = new ArrayList<>();
    String example =
        "[{from: 2026-12-20T00:00:00Z, until: 2027-01-04T00:00:00Z, reason: holidays}]";
    for (Node item : items(node, key, example)) {
      Map<String, Node> f = keys(item, "in \"" + key + "\"", FREEZE_KEYS);
      String reason = optional(f, "reason").map(n -> text(n, key + ".reason")).orElse("");
      if (f.containsKey("days")) {
        if (f.containsKey("until")) {
          throw error(
              f.get("until"),
              key + ".until",
              "a weekly freeze (with days) ends at \"to\", not \"until\"",
              "write a weekly freeze as {days: FRI, from: \"15:00\", to: \"09:00\"}, a one-off"
                  + " one as {from: INSTANT, until: INSTANT}");
        }
        Schedule weekly = schedule(f, item, key);
        out.add(value(item, key, () -> Freeze.weekly(weekly, reason)));
      } else {
        if (f.containsKey("to") || f.containsKey("zone")) {
          Node bad = f.containsKey("to") ? f.get("to") : f.get("zone");
          throw error(
              bad,
              key,
              "\"to\" and \"zone\" go with a weekly freeze, which has \"days\"",
              "write a one-off freeze as {from: INSTANT, until: INSTANT}");
        }
        Node fromNode = required(f, item, key, "from", "2026-12-20T00:00:00Z");
        Node untilNode = required(f, item, key, "until", "2027-01-04T00:00:00Z");
        String from = text(fromNode, key + ".from");
        String until = text(untilNode, key + ".until");
        out.add(value(item, key, () -> Freeze.between(from, until, reason)));
      }
    }
    return out;
  }

  /** The items of a list of mappings. */
  private List<Node> items(Node node, String key, String example) {
    if (!(node instanceof SequenceNode seq)) {
      throw error(node, key, "must be a list", "write it as " + example);
    }
    return seq.getValue();
  }

  private QueueMode queue(Node n, String key) {
    String v = text(n, key);
    for (QueueMode q : QueueMode.values()) {
      if (q.name().equalsIgnoreCase(v)) {
        return q;
      }
    }
    throw error(
        n,
        key,
        "\"" + v + "\" is not a queue mode",
        "use fifo (every waiting run in turn) or supersede (only the newest commit)");
  }

  /** {@code <prefix><name>}: a duration such as 90s, 30m or 1h, within [min, max]. */
  private Duration duration(
      Map<String, Node> section,
      String prefix,
      String name,
      Duration min,
      Duration max,
      Duration otherwise) {
    Node n = section.get(name);
    if (n == null) {
      return otherwise;
    }
    String key = prefix + name;
    Duration d = duration(n, key, false);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw error(
          n,
          key,
          "\""
              + text(n, key)
              + "\" is not from "
              + DurationText.format(min)
              + " to "
              + DurationText.format(max),
          "write " + DurationText.FORMS + ", within those bounds");
    }
    return d;
  }

  /** A key a section must have. */
  private Node required(
      Map<String, Node> m, Node section, String where, String key, String example) {
    Node n = m.get(key);
    if (n == null) {
      throw error(section, where + "." + key, "is missing", "add \"" + key + ": " + example + "\"");
    }
    return n;
  }

  /** A text value that must match a pattern. */
  private String matching(Node n, String key, Pattern pattern, String expected) {
    String v = text(n, key);
    if (!pattern.matcher(v).matches()) {
      throw error(n, key, "\"" + v + "\" is not valid", "expected " + expected);
    }
    return v;
  }

  private ImageTagScheme buildTemplate(Node n) {
    String t = text(n, "tags.build");
    Matcher m = BUILD_TEMPLATE.matcher(t);
    if (!m.matches()) {
      throw error(
          n,
          "tags.build",
          "\"" + t + "\" does not end with {commit} or {commit:N}",
          "use e.g. \"sha-{commit}\" (40 characters, the reference's) or \"sha-{commit:7}\"");
    }
    try {
      int length = m.group(2) == null ? 40 : Integer.parseInt(m.group(2));
      return new ImageTagScheme(m.group(1), length);
    } catch (IllegalArgumentException e) {
      throw error(n, "tags.build", e.getMessage(), "use e.g. \"sha-{commit}\"");
    }
  }

  private String releaseTemplate(Node n) {
    String t = text(n, "tags.release");
    try {
      ReleaseVersion.of(new SemanticVersion(1, 2, 3), t);
      return t;
    } catch (IllegalArgumentException e) {
      throw error(n, "tags.release", e.getMessage(), "use \"$VERSION\" or \"v$VERSION\"");
    }
  }

  /** Without an environment table in the file, the seed's table with the file's label. */
  private static Environments relabel(Environments table, String label) {
    Environments.Builder b = table.toBuilder();
    for (Environment e : table.all()) {
      if (e.trigger() instanceof EnvironmentTrigger.PullRequestLabel) {
        b.replace(e.toBuilder().trigger(EnvironmentTrigger.pullRequestLabel(label)).build());
      }
    }
    return b.build();
  }

  private Environments environments(Node node, String label) {
    if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
      throw error(
          node,
          "environments",
          "must be a non-empty list of environments",
          "write each as \"- name: dev\" with its settings below it");
    }
    Map<String, Node> names = new HashMap<>();
    List<Environment> out = new ArrayList<>();
    List<Map.Entry<Node, String>> references = new ArrayList<>();
    for (Node item : seq.getValue()) {
      Map<String, Node> e = keys(item, "in an environment", ENV_KEYS);
      Node nameNode = e.get("name");
      if (nameNode == null) {
        throw error(
            item,
            "environments",
            "an environment has no \"name\"",
            "add \"name: dev\" (or another name) to it");
      }
      String name = text(nameNode, "name");
      if (names.putIfAbsent(name, nameNode) != null) {
        throw error(
            nameNode,
            "name",
            "environment \"" + name + "\" is defined twice",
            "give each environment a distinct name");
      }
      String key = "environments." + name;
      Environment.Builder b = value(nameNode, key + ".name", () -> Environment.builder(name));
      optional(e, "stack").ifPresent(n -> value(n, key + ".stack", () -> b.stack(text(n, key))));
      optional(e, "github-environment")
          .ifPresent(
              n -> value(n, key + ".github-environment", () -> b.githubEnvironment(text(n, key))));
      optional(e, "approval").ifPresent(n -> b.approvals(approval(n, key + ".approval")));
      optional(e, "drafts-release")
          .ifPresent(n -> b.draftsRelease(bool(n, key + ".drafts-release")));
      optional(e, "per-pull-request")
          .ifPresent(
              n -> {
                String v = text(n, key + ".per-pull-request");
                if (!VARIABLE.matcher(v).matches()) {
                  throw error(
                      n,
                      key + ".per-pull-request",
                      "\"" + v + "\" is not an environment variable name",
                      "use e.g. PR_NUMBER");
                }
                b.perPullRequest(v);
              });
      optional(e, "needs")
          .ifPresent(
              n -> {
                List<String> needs = texts(n, key + ".needs");
                needs.forEach(u -> references.add(Map.entry(n, u)));
                value(n, key + ".needs", () -> b.needs(needs.toArray(String[]::new)));
              });
      optional(e, "moving-tags")
          .ifPresent(
              n ->
                  value(
                      n,
                      key + ".moving-tags",
                      () -> b.movingTags(texts(n, key + ".moving-tags").toArray(String[]::new))));
      optional(e, "trigger")
          .ifPresent(n -> b.trigger(trigger(n, key + ".trigger", label, references)));
      optional(e, "queue").ifPresent(n -> b.queue(queue(n, key + ".queue")));
      optional(e, "windows")
          .ifPresent(n -> b.windows(windows(n, key + ".windows").toArray(Schedule[]::new)));
      optional(e, "freezes")
          .ifPresent(n -> b.freezes(freezes(n, key + ".freezes").toArray(Freeze[]::new)));
      optional(e, "soak").ifPresent(n -> b.soak(duration(n, key + ".soak", false)));
      optional(e, "auto-rollback").ifPresent(n -> b.autoRollback(bool(n, key + ".auto-rollback")));
      optional(e, "previews").ifPresent(n -> b.previews(previews(n, key + ".previews")));
      optional(e, "quarantine-on-failure")
          .ifPresent(
              n -> b.quarantineOnFailedVerification(bool(n, key + ".quarantine-on-failure")));
      out.add(value(item, key, b::build));
    }
    for (Map.Entry<Node, String> ref : references) {
      if (!names.containsKey(ref.getValue())) {
        throw error(
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
      throw new ConfigurationException(at(node) + "environments: " + e.getMessage(), e.hint(), e);
    }
  }

  /**
   * {@code approval: true} (one approval by anyone), {@code false}, or {@code {required: N,
   * not-author: true}}.
   */
  private ApprovalPolicy approval(Node n, String key) {
    if (n instanceof ScalarNode) {
      return bool(n, key) ? ApprovalPolicy.of(1) : ApprovalPolicy.none();
    }
    Map<String, Node> a = keys(n, "in \"" + key + "\"", APPROVAL_KEYS);
    Node required = a.get("required");
    if (required == null) {
      throw error(
          n,
          key + ".required",
          "is missing",
          "write e.g. \"approval: {required: 2, not-author: true}\"");
    }
    String count = text(required, key + ".required");
    if (!count.matches("[0-9]{1,2}")
        || Integer.parseInt(count) < 1
        || Integer.parseInt(count) > ApprovalPolicy.MAX_REQUIRED) {
      throw error(
          required,
          key + ".required",
          "must be a whole number from 1 to "
              + ApprovalPolicy.MAX_REQUIRED
              + ", got \""
              + count
              + "\"",
          "write the number of distinct approvers, e.g. required: 2");
    }
    boolean notAuthor =
        optional(a, "not-author").map(x -> bool(x, key + ".not-author")).orElse(false);
    return new ApprovalPolicy(Integer.parseInt(count), notAuthor);
  }

  private EnvironmentTrigger trigger(
      Node n, String key, String label, List<Map.Entry<Node, String>> references) {
    String kind;
    Node arg = null;
    if (n instanceof ScalarNode) {
      kind = text(n, key);
    } else if (n instanceof MappingNode m && m.getValue().size() == 1) {
      kind = text(m.getValue().get(0).getKeyNode(), key);
      arg = m.getValue().get(0).getValueNode();
    } else {
      throw error(
          n,
          key,
          "must be one of " + TRIGGER_KINDS + ", or a mapping with one of them",
          "e.g. \"trigger: push\" or \"trigger: {after: staging}\"");
    }
    switch (kind) {
      case "pull-request":
        return EnvironmentTrigger.pullRequestLabel(arg == null ? label : text(arg, key));
      case "push":
        return arg == null
            ? EnvironmentTrigger.pushToDefaultBranch()
            : EnvironmentTrigger.pushTo(text(arg, key + ".push"));
      case "release":
        if (arg == null) {
          return EnvironmentTrigger.releasePublished();
        }
        Map<String, Node> r = keys(arg, "in " + key + ".release", List.of("prereleases"));
        return new EnvironmentTrigger.ReleasePublished(
            optional(r, "prereleases")
                .map(p -> bool(p, key + ".release.prereleases"))
                .orElse(false));
      case "after":
        if (arg == null) {
          throw error(
              n,
              key,
              "\"after\" needs the environment it follows",
              "write \"trigger: {after: staging}\"");
        }
        String upstream = text(arg, key + ".after");
        references.add(Map.entry(arg, upstream));
        return value(arg, key + ".after", () -> EnvironmentTrigger.after(upstream));
      case "manual":
        if (arg != null) {
          throw error(arg, key, "\"manual\" takes no value", "write \"trigger: manual\"");
        }
        return EnvironmentTrigger.manual();
      default:
        throw error(n, key, "unknown trigger \"" + kind + "\"", "use one of " + TRIGGER_KINDS);
    }
  }

  // ---- node helpers

  private Map<String, Node> keys(Node node, String where, List<String> known) {
    if (!(node instanceof MappingNode m)) {
      throw error(
          node,
          where.replace("in ", "").replace("\"", ""),
          "must be a mapping of keys" + " to values",
          "known keys " + where + ": " + known);
    }
    Map<String, Node> out = new java.util.LinkedHashMap<>();
    for (var t : m.getValue()) {
      String k = text(t.getKeyNode(), "key");
      if (!known.contains(k)) {
        throw error(
            t.getKeyNode(),
            k,
            "unknown key \"" + k + "\" " + where,
            "known keys " + where + ": " + String.join(", ", known));
      }
      if (out.put(k, t.getValueNode()) != null) {
        throw error(
            t.getKeyNode(), k, "key \"" + k + "\" is given twice " + where, "keep one of them");
      }
    }
    return out;
  }

  private static Optional<Node> optional(Map<String, Node> m, String key) {
    return Optional.ofNullable(m.get(key));
  }

  private String text(Node n, String key) {
    if (!(n instanceof ScalarNode s) || s.getValue().isBlank()) {
      throw error(
          n,
          key,
          "must be a non-empty text value",
          "give it a value, e.g. " + key.substring(key.lastIndexOf('.') + 1) + ": something");
    }
    return s.getValue().trim();
  }

  private List<String> texts(Node n, String key) {
    if (n instanceof ScalarNode) {
      return List.of(text(n, key));
    }
    if (!(n instanceof SequenceNode seq)) {
      throw error(n, key, "must be a list, e.g. [a, b]", "write it as [a, b]");
    }
    List<String> out = new ArrayList<>();
    for (Node item : seq.getValue()) {
      out.add(text(item, key));
    }
    return out;
  }

  private boolean bool(Node n, String key) {
    String v = text(n, key);
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw error(n, key, "must be true or false, got \"" + v + "\"", "write true or false");
    };
  }

  /** Runs a builder step; an IllegalArgumentException from it becomes an error at the node. */
  private <T> T value(Node n, String key, java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException e) {
      throw error(n, key, e.getMessage(), "fix the value at that line");
    }
  }

  private String at(Node n) {
    return source + ":" + (n.getStartMark().getLine() + 1) + ": ";
  }

  private ConfigurationException error(Node n, String key, String problem, String hint) {
    return new ConfigurationException(at(n) + key + ": " + problem, hint);
  }
}
