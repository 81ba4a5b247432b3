package dev.baton.github.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class LinkHeaderTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // GitHub's own example, components/headers/link of the OpenAPI description
        "<https://api.github.com/resource?page=2>; rel=\"next\", <https://api.github.com/resource?page=5>; rel=\"last\"|https://api.github.com/resource?page=2",
        "<https://a/x?page=1>; rel=\"prev\", <https://a/x?page=3>; rel=\"next\"|https://a/x?page=3",
        "<https://a/x?page=3>;rel=next|https://a/x?page=3",
        "<https://a/x?page=3>; rel=\"next last\"|https://a/x?page=3",
        "<https://a/x?page=3>; REL=\"Next\"|https://a/x?page=3",
        "<https://a/x?page=1>; rel=\"first\", <https://a/x?page=2>; rel=\"prev\"|",
      })
  void next_readsRelNext(String header, String expected) {
    assertThat(LinkHeader.next(header))
        .isEqualTo(expected == null ? Optional.empty() : Optional.of(URI.create(expected)));
  }

  @ParameterizedTest
  @NullAndEmptySource
  void next_noHeader_isEmpty(String header) {
    assertThat(LinkHeader.next(header)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"<https://a/x y>; rel=\"next\""})
  void next_invalidUri_throwsQuotingIt(String header) {
    assertThatThrownBy(() -> LinkHeader.next(header)).hasMessageContaining("https://a/x y");
  }
}
