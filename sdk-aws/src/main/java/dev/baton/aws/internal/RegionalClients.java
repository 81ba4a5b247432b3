package dev.baton.aws.internal;

import dev.baton.ConfigurationException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;

/**
 * One AWS client per Region: either the caller's own client, which serves its Region only and is
 * never closed here, or clients created on first use for each Region a reference names, closed by
 * {@link #close()}.
 *
 * @param <C> the client type
 */
public final class RegionalClients<C extends SdkClient> implements AutoCloseable {
  private final C given;
  private final Function<Region, C> factory;
  private final Map<Region, C> owned = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final String kind;

  private RegionalClients(C given, Function<Region, C> factory, String kind) {
    this.given = given;
    this.factory = factory;
    this.kind = kind;
  }

  /**
   * @param client the caller's client; it is not closed by {@link #close()}
   * @param kind the client's class name, for messages (e.g. "EcrClient")
   * @param <C> the client type
   * @return clients that always answer the given one
   */
  public static <C extends SdkClient> RegionalClients<C> given(C client, String kind) {
    return new RegionalClients<>(client, null, kind);
  }

  /**
   * @param factory creates the client of a Region
   * @param kind the client's class name, for messages
   * @param <C> the client type
   * @return clients created on first use, one per Region
   */
  public static <C extends SdkClient> RegionalClients<C> created(
      Function<Region, C> factory, String kind) {
    return new RegionalClients<>(null, factory, kind);
  }

  /**
   * @param region the Region the call is for, e.g. {@code us-east-1}
   * @param what what names that Region, for the message (e.g. the image reference)
   * @return the client for that Region
   * @throws ConfigurationException when the caller's client is configured for another Region
   */
  public C forRegion(String region, String what) {
    if (closed.get()) {
      throw new IllegalStateException(kind + "s were closed; build a new instance");
    }
    Region wanted = Region.of(region);
    if (given == null) {
      return owned.computeIfAbsent(wanted, factory);
    }
    Region configured =
        given.serviceClientConfiguration() instanceof AwsServiceClientConfiguration c
            ? c.region()
            : null;
    if (configured != null && !configured.equals(wanted)) {
      throw new ConfigurationException(
          what
              + " is in Region "
              + wanted
              + ", but the "
              + kind
              + " passed in is configured for "
              + configured,
          "pass a "
              + kind
              + " built for "
              + wanted
              + ", or pass none so that one is created"
              + " for each Region a reference names");
    }
    return given;
  }

  /** Closes the clients created here; the caller's own client is left open. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      owned.values().forEach(SdkClient::close);
      owned.clear();
    }
  }
}
