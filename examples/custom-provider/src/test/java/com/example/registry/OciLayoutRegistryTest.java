package com.example.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ImageReference;
import dev.baton.ProviderException;
import dev.baton.Tag;
import dev.baton.spi.ResolvedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the contract cannot know about: the files on disk. */
class OciLayoutRegistryTest {
  @TempDir Path root;

  private final ImageReference build = ImageReference.parse("layout.local/acme/shop:sha-1");

  @Test
  void tag_writesAnIndexEntryThatOtherToolsRead() throws IOException {
    OciLayoutRegistry registry = new OciLayoutRegistry("layout.local", root);
    ResolvedImage image = new LayoutImages(root).pushImage(build);

    registry.tag(image, Tag.parse("1.0.0"));

    Path layout = root.resolve("acme/shop");
    assertThat(layout.resolve("oci-layout")).content().contains("\"imageLayoutVersion\"");
    assertThat(layout.resolve("index.json"))
        .content()
        .contains("\"org.opencontainers.image.ref.name\" : \"1.0.0\"")
        .contains(image.digest().toString());
    try (var files = Files.list(layout)) {
      assertThat(files)
          .as("no temporary file is left behind")
          .allMatch(f -> !f.getFileName().toString().endsWith(".tmp"));
    }
  }

  @Test
  void resolve_whenBlobWasAltered_refusesIt() throws IOException {
    OciLayoutRegistry registry = new OciLayoutRegistry("layout.local", root);
    ResolvedImage image = new LayoutImages(root).pushImage(build);
    Path blob = root.resolve("acme/shop/blobs/sha256").resolve(image.digest().encoded());
    Files.writeString(blob, "{\"schemaVersion\": 2, \"tampered\": true}");

    assertThatThrownBy(() -> registry.resolve(build))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("does not match its digest");
  }

  @Test
  void resolve_whenDigestIsALayer_isEmpty() throws IOException {
    OciLayoutRegistry registry = new OciLayoutRegistry("layout.local", root);
    new LayoutImages(root).pushImage(build);
    OciLayout layout = new OciLayout(root.resolve("acme/shop"));
    var layer =
        layout.writeBlob("not a manifest".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(registry.resolve(build.withoutTag().withDigest(layer))).isEmpty();
  }

  @Test
  void resolve_whenReferenceNamesAnotherRegistry_isRefused() {
    OciLayoutRegistry registry = new OciLayoutRegistry("layout.local", root);

    assertThatThrownBy(() -> registry.resolve(ImageReference.parse("ghcr.io/acme/shop:1.0.0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("layout.local");
  }
}
