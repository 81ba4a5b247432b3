package dev.baton.oci.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code skopeo} as an independent client: reads exactly what a registry serves. */
public final class Skopeo {
  private final Path binary;

  private Skopeo(Path binary) {
    this.binary = binary;
  }

  /**
   * @return skopeo, or the calling test is skipped with the install command
   */
  public static Skopeo require() {
    return new Skopeo(Tools.require("skopeo", "skopeo"));
  }

  /**
   * {@code skopeo inspect --raw}: the manifest bytes exactly as served.
   *
   * @param reference {@code host/repo:tag}
   * @param creds {@code user:password}, or null
   * @return stdout
   */
  public byte[] inspectRaw(String reference, String creds) {
    List<String> cmd =
        new ArrayList<>(List.of(binary.toString(), "inspect", "--raw", "--tls-verify=false"));
    if (creds != null) {
      cmd.add("--creds");
      cmd.add(creds);
    }
    cmd.add("docker://" + reference);
    return run(cmd);
  }

  /**
   * {@code skopeo copy} with the index kept whole ({@code --all --preserve-digests}).
   *
   * @param from source reference
   * @param to target reference
   */
  public void copy(String from, String to) {
    run(
        List.of(
            binary.toString(),
            "copy",
            "--quiet",
            "--all",
            "--preserve-digests",
            "--src-tls-verify=false",
            "--dest-tls-verify=false",
            "docker://" + from,
            "docker://" + to));
  }

  private static byte[] run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
      byte[] out = p.getInputStream().readAllBytes();
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed: " + err);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
