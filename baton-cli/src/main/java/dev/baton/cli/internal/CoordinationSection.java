package dev.baton.cli.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** baton.yaml's {@code coordination} section: where leases and the ledger are shared. */
final class CoordinationSection {
  private static final List<String> COORDINATION_KEYS =
      List.of("dynamodb", "postgres", "lease-ttl", "lease-wait");
  private static final List<String> DYNAMODB_KEYS = List.of("table", "region", "endpoint");
  private static final List<String> POSTGRES_KEYS = List.of("url", "user", "password-env");
  // DynamoDB's table names; AWS region names (us-east-1, us-gov-west-1, eu-central-2).
  private static final Pattern DYNAMODB_TABLE = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

  private CoordinationSection() {}

  static CoordinationSettings read(YamlNodes y, Node node) {
    Map<String, Node> c = y.keys(node, "in \"coordination\"", COORDINATION_KEYS);
    if (c.containsKey("dynamodb") && c.containsKey("postgres")) {
      throw y.error(
          c.get("postgres"),
          "coordination",
          "gives both dynamodb and postgres",
          "keep the one every process of the flow can reach");
    }
    CoordinationSettings.Store store = new CoordinationSettings.InMemory();
    if (c.containsKey("dynamodb")) {
      store = dynamoDb(y, c.get("dynamodb"));
    } else if (c.containsKey("postgres")) {
      store = postgres(y, c.get("postgres"));
    }
    CoordinationSettings d = CoordinationSettings.defaults();
    Duration ttl =
        y.duration(
            c,
            "coordination.",
            "lease-ttl",
            Duration.ofSeconds(5),
            Duration.ofHours(1),
            d.leaseTimeToLive());
    Duration wait =
        y.duration(
            c,
            "coordination.",
            "lease-wait",
            Duration.ofSeconds(1),
            Duration.ofDays(1),
            d.leaseWait());
    return new CoordinationSettings(store, ttl, wait);
  }

  private static CoordinationSettings.DynamoDb dynamoDb(YamlNodes y, Node node) {
    String key = "coordination.dynamodb";
    Map<String, Node> m = y.keys(node, "in \"" + key + "\"", DYNAMODB_KEYS);
    String table =
        y.matching(
            y.required(m, node, key, "table", "baton"),
            key + ".table",
            DYNAMODB_TABLE,
            "3 to 255 letters, digits, '_', '-' or '.', e.g. baton");
    String region =
        y.matching(
            y.required(m, node, key, "region", "us-east-1"),
            key + ".region",
            REGION,
            "an AWS region, e.g. us-east-1");
    Optional<URI> endpoint =
        y.optional(m, "endpoint")
            .map(
                n -> {
                  String v = y.text(n, key + ".endpoint");
                  try {
                    URI uri = new URI(v);
                    if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                        && uri.getHost() != null) {
                      return uri;
                    }
                  } catch (URISyntaxException e) {
                    // Said below.
                  }
                  throw y.error(
                      n,
                      key + ".endpoint",
                      "\"" + v + "\" is not an http:// or https:// URL",
                      "e.g. http://127.0.0.1:8000 for a local DynamoDB; leave it out for AWS's");
                });
    return new CoordinationSettings.DynamoDb(table, region, endpoint);
  }

  private static CoordinationSettings.Postgres postgres(YamlNodes y, Node node) {
    String key = "coordination.postgres";
    if (node instanceof MappingNode mapping) {
      for (var t : mapping.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("password")) {
          throw y.error(
              k,
              key + ".password",
              "a password is never read from " + y.source(),
              "put it in an environment variable (a CI secret) and name the variable:"
                  + " password-env: BATON_DB_PASSWORD");
        }
      }
    }
    Map<String, Node> m = y.keys(node, "in \"" + key + "\"", POSTGRES_KEYS);
    Node urlNode = y.required(m, node, key, "url", "\"jdbc:postgresql://HOST:5432/baton\"");
    String url = y.text(urlNode, key + ".url");
    if (!url.startsWith("jdbc:postgresql://")) {
      throw y.error(
          urlNode,
          key + ".url",
          "\"" + url + "\" is not a PostgreSQL JDBC URL",
          "write it as jdbc:postgresql://HOST:PORT/DATABASE");
    }
    if (url.toLowerCase(Locale.ROOT).contains("password=")) {
      throw y.error(
          urlNode,
          key + ".url",
          "holds a password",
          "take it out of the URL and name the variable that holds it with password-env");
    }
    String user = y.requiredText(m, node, key, "user", "baton");
    Optional<String> variable =
        y.optional(m, "password-env")
            .map(
                n ->
                    y.matching(
                        n, key + ".password-env", ConfigLoader.VARIABLE, "e.g. BATON_DB_PASSWORD"));
    return new CoordinationSettings.Postgres(url, user, variable);
  }
}
