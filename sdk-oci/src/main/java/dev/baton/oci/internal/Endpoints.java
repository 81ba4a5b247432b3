package dev.baton.oci.internal;

import dev.baton.ConfigurationException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which scheme to use for a registry host. HTTPS, with the JDK's certificate verification, is the
 * default; plain HTTP is used only for loopback hosts ({@code localhost}, {@code 127.0.0.0/8},
 * {@code [::1]}), where nothing leaves the machine, and for hosts the caller named explicitly. The
 * same rule guards a Bearer token realm, since credentials are sent there.
 */
public final class Endpoints {
  private static final Pattern IPV4_LOOPBACK =
      Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  private final Set<String> plainHttpHosts;
  private final boolean loopbackPlain;
  private final Map<String, URI> bases = new ConcurrentHashMap<>();

  /**
   * @param plainHttpHosts hosts ({@code host} or {@code host:port}) explicitly allowed plain HTTP
   * @param loopbackPlain whether loopback hosts use plain HTTP
   */
  public Endpoints(Set<String> plainHttpHosts, boolean loopbackPlain) {
    this.plainHttpHosts =
        plainHttpHosts.stream()
            .map(h -> h.toLowerCase(Locale.ROOT))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    this.loopbackPlain = loopbackPlain;
  }

  /**
   * @param host the registry's API host, with port when it has one
   * @return {@code http://host} or {@code https://host}
   */
  public URI base(String host) {
    return bases.computeIfAbsent(
        host, h -> URI.create((plainAllowed(h) ? "http://" : "https://") + h));
  }

  /**
   * Checks that a token realm may receive credentials.
   *
   * @param registryHost the registry that named the realm, for the message
   * @param realm the realm URL from the challenge
   * @return the realm as a URI
   * @throws ConfigurationException when the realm is not an absolute URL, or is plain HTTP to a
   *     host that is neither loopback nor opted in
   */
  public URI checkRealm(String registryHost, String realm) {
    URI uri;
    try {
      uri = URI.create(realm);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          "registry "
              + registryHost
              + " named the token realm \""
              + realm
              + "\", which is not a URL",
          "check the registry's auth.token.realm setting",
          e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      return uri;
    }
    if (scheme.equals("http") && uri.getAuthority() != null && plainAllowed(uri.getAuthority())) {
      return uri;
    }
    throw new ConfigurationException(
        "registry "
            + registryHost
            + " sends clients to the token"
            + " realm "
            + realm
            + ", which is not HTTPS; credentials are not sent there",
        "serve the token endpoint over HTTPS, or allow plain HTTP for host "
            + uri.getAuthority()
            + " explicitly with OciImageRegistry.builder().plainHttp(...)");
  }

  private boolean plainAllowed(String hostPort) {
    String lower = hostPort.toLowerCase(Locale.ROOT);
    return plainHttpHosts.contains(lower)
        || plainHttpHosts.contains(hostOnly(lower))
        || (loopbackPlain && isLoopback(lower));
  }

  /**
   * @param hostPort {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}
   * @return whether it names this machine by a loopback name or literal (no DNS lookup is done)
   */
  public static boolean isLoopback(String hostPort) {
    String host = hostOnly(hostPort.toLowerCase(Locale.ROOT));
    return host.equals("localhost")
        || host.equals("::1")
        || host.equals("0:0:0:0:0:0:0:1")
        || IPV4_LOOPBACK.matcher(host).matches();
  }

  private static String hostOnly(String hostPort) {
    if (hostPort.startsWith("[")) {
      int end = hostPort.indexOf(']');
      return end < 0 ? hostPort : hostPort.substring(1, end);
    }
    int colon = hostPort.indexOf(':');
    if (colon >= 0 && colon == hostPort.lastIndexOf(':')) {
      return hostPort.substring(0, colon);
    }
    return hostPort; // no port, or a bare IPv6 literal
  }
}
