package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ConfigurationException;
import dev.baton.QueueMode;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code baton.yaml}'s {@code coordination} section and the environments' {@code queue}. */
class CoordinationConfigTest {
  @Test
  void noSection_isTheDefaults() {
    BatonConfig c = ConfigLoader.parse("baton.yaml", "repository: ghcr.io/acme/shop\n");
    assertThat(c.coordination()).isEqualTo(CoordinationSettings.defaults());
  }

  /** Without a store, leases are in memory; times not given are the pipeline's. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      repository: ghcr.io/acme/shop  | 60  | 1800
      coordination:\\n  lease-ttl: 2m | 120 | 1800
      """)
  void noStore_keepsLeasesInMemory(String yaml, long ttlSeconds, long waitSeconds) {
    BatonConfig c = ConfigLoader.parse("baton.yaml", yaml.replace("\\n", "\n"));
    assertThat(c.coordination().store()).isInstanceOf(CoordinationSettings.InMemory.class);
    assertThat(c.coordination().leaseTimeToLive()).isEqualTo(Duration.ofSeconds(ttlSeconds));
    assertThat(c.coordination().leaseWait()).isEqualTo(Duration.ofSeconds(waitSeconds));
  }

  @Test
  void dynamoDb_withEndpointAndTimes() {
    BatonConfig c =
        ConfigLoader.parse(
            "baton.yaml",
            """
            coordination:
              dynamodb: {table: baton, region: us-east-1, endpoint: "http://127.0.0.1:8000"}
              lease-ttl: 90s
              lease-wait: 1h
            """);
    assertThat(c.coordination())
        .isEqualTo(
            new CoordinationSettings(
                new CoordinationSettings.DynamoDb(
                    "baton", "us-east-1", Optional.of(URI.create("http://127.0.0.1:8000"))),
                Duration.ofSeconds(90),
                Duration.ofHours(1)));
  }

  @Test
  void dynamoDb_withoutEndpoint_isAwsOwn() {
    BatonConfig c =
        ConfigLoader.parse(
            "baton.yaml",
            "coordination:\n  dynamodb: {table: deploys.v1, region: us-gov-west-1}\n");
    assertThat(c.coordination().store())
        .isEqualTo(
            new CoordinationSettings.DynamoDb("deploys.v1", "us-gov-west-1", Optional.empty()));
  }

  @Test
  void postgres_withPasswordVariable() {
    BatonConfig c =
        ConfigLoader.parse(
            "baton.yaml",
            """
            coordination:
              postgres:
                url: "jdbc:postgresql://127.0.0.1:5432/baton"
                user: baton
                password-env: BATON_DB_PASSWORD
              lease-wait: 45m
            """);
    assertThat(c.coordination().store())
        .isEqualTo(
            new CoordinationSettings.Postgres(
                "jdbc:postgresql://127.0.0.1:5432/baton",
                "baton",
                Optional.of("BATON_DB_PASSWORD")));
    assertThat(c.coordination().leaseWait()).isEqualTo(Duration.ofMinutes(45));
    assertThat(c.coordination().leaseTimeToLive()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void queue_isReadPerEnvironment_andDefaultsToFifo() {
    BatonConfig c =
        ConfigLoader.parse(
            "baton.yaml",
            """
            environments:
              - name: dev
                trigger: push
                queue: supersede
              - name: staging
                trigger: release
              - name: prod
                trigger: {after: staging}
                queue: FIFO
            """);
    assertThat(c.environments().get("dev").queue()).isEqualTo(QueueMode.SUPERSEDE);
    assertThat(c.environments().get("staging").queue()).isEqualTo(QueueMode.FIFO);
    assertThat(c.environments().get("prod").queue()).isEqualTo(QueueMode.FIFO);
  }

  @Test
  void standardTable_supersedesOnDevAndPreview() {
    BatonConfig c = ConfigLoader.parse("baton.yaml", "");
    assertThat(c.environments().get("dev").queue()).isEqualTo(QueueMode.SUPERSEDE);
    assertThat(c.environments().get("preview").queue()).isEqualTo(QueueMode.SUPERSEDE);
    assertThat(c.environments().get("prod").queue()).isEqualTo(QueueMode.FIFO);
  }

  @Test
  void passwordInTheFile_isRefused_withoutEchoingIt() {
    String yaml =
        """
        coordination:
          postgres:
            url: "jdbc:postgresql://db:5432/baton"
            user: baton
            password: hunter2-secret
        """;
    assertThatThrownBy(() -> ConfigLoader.parse("baton.yaml", yaml))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("baton.yaml:5: coordination.postgres.password:")
        .hasMessageNotContaining("hunter2")
        .satisfies(e -> assertThat(((ConfigurationException) e).hint()).contains("password-env"));
  }

  @Test
  void passwordInTheUrl_isRefused_withoutEchoingIt() {
    String yaml =
        """
        coordination:
          postgres:
            url: "jdbc:postgresql://db:5432/baton?user=baton&password=hunter2-secret"
            user: baton
        """;
    assertThatThrownBy(() -> ConfigLoader.parse("baton.yaml", yaml))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("baton.yaml:3: coordination.postgres.url: holds a password")
        .hasMessageNotContaining("hunter2");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      coordination:\\n  redis: {}                                        | baton.yaml:2: redis: unknown key "redis" in "coordination"
      coordination: dynamodb                                              | baton.yaml:1: coordination: must be a mapping
      coordination:\\n  dynamodb: {region: us-east-1}                     | baton.yaml:2: coordination.dynamodb.table: is missing
      coordination:\\n  dynamodb: {table: baton}                          | baton.yaml:2: coordination.dynamodb.region: is missing
      coordination:\\n  dynamodb: {table: ab, region: us-east-1}          | baton.yaml:2: coordination.dynamodb.table: "ab" is not valid
      coordination:\\n  dynamodb: {table: baton, region: Virginia}        | baton.yaml:2: coordination.dynamodb.region: "Virginia" is not valid
      coordination:\\n  dynamodb: {table: t1x, region: us-east-1, endpoint: "ftp://x"} | baton.yaml:2: coordination.dynamodb.endpoint: "ftp://x" is not an http:// or https:// URL
      coordination:\\n  dynamodb: {table: t1x, region: us-east-1, tabel: x} | baton.yaml:2: tabel: unknown key "tabel" in "coordination.dynamodb"
      coordination:\\n  postgres: {user: baton}                           | baton.yaml:2: coordination.postgres.url: is missing
      coordination:\\n  postgres: {url: "jdbc:mysql://db/x", user: b}     | baton.yaml:2: coordination.postgres.url: "jdbc:mysql://db/x" is not a PostgreSQL JDBC URL
      coordination:\\n  postgres: {url: "jdbc:postgresql://db/x"}         | baton.yaml:2: coordination.postgres.user: is missing
      coordination:\\n  postgres: {url: "jdbc:postgresql://db/x", user: b, password-env: DB-PASS} | baton.yaml:2: coordination.postgres.password-env: "DB-PASS" is not valid
      coordination:\\n  dynamodb: {table: t1x, region: us-east-1}\\n  postgres: {url: "jdbc:postgresql://db/x", user: b} | baton.yaml:3: coordination: gives both dynamodb and postgres
      coordination:\\n  lease-ttl: 60                                     | baton.yaml:2: coordination.lease-ttl: "60" is not a positive duration
      coordination:\\n  lease-ttl: 1s                                     | baton.yaml:2: coordination.lease-ttl: "1s" is not from 5s to 1h
      coordination:\\n  lease-wait: 2d                                    | baton.yaml:2: coordination.lease-wait: "2d" is not from 1s to 24h
      coordination:\\n  lease-wait: 25h                                   | baton.yaml:2: coordination.lease-wait: "25h" is not from 1s to 24h
      environments:\\n  - name: dev\\n    queue: newest                   | baton.yaml:3: environments.dev.queue: "newest" is not a queue mode
      """)
  void badSection_isAConfigurationError_namingLineAndKey(String yaml, String message) {
    ConfigLoaderTest.assertRefused(yaml, message);
  }
}
