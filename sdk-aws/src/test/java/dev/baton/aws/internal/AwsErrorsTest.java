package dev.baton.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.AccessDeniedException;
import dev.baton.ProviderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The mapping from AWS errors to Baton's, table-driven. */
class AwsErrorsTest {
  private static AwsServiceException service(int status, String code, String message) {
    return AwsServiceException.builder()
        .statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
        .build();
  }

  @ParameterizedTest
  @CsvSource({
    "400, AccessDeniedException, AccessDeniedException, false",
    "400, UnrecognizedClientException, AccessDeniedException, false",
    "400, ExpiredTokenException, AccessDeniedException, false",
    "403, SomethingForbidden, AccessDeniedException, false",
    "400, ThrottlingException, ProviderException, true",
    "400, LimitExceededException, ProviderException, false",
    "500, ServerException, ProviderException, true",
    "503, ServiceUnavailable, ProviderException, true",
    "400, ValidationException, ProviderException, false",
  })
  void map_serviceErrors_byWhatTheCallerCanDo(
      int status, String code, String type, boolean retryable) {
    ProviderException e =
        AwsErrors.map(service(status, code, "the service's words"), "PutImage of x");

    assertThat(e.getClass().getSimpleName()).isEqualTo(type);
    assertThat(e.isRetryable()).isEqualTo(retryable);
    assertThat(e.getMessage())
        .contains("PutImage of x")
        .contains(code)
        .contains("the service's words");
    if (e instanceof AccessDeniedException) {
      assertThat(e.hint()).isEqualTo(AwsHints.AUTH);
    }
  }

  @Test
  void map_credentialChainFailure_isAccessDeniedWithAuthHint() {
    SdkClientException chain =
        SdkClientException.create(
            "Unable to load credentials from any of"
                + " the providers in the chain AwsCredentialsProviderChain(...)");

    ProviderException e = AwsErrors.map(chain, "BatchGetImage of x");

    assertThat(e).isInstanceOf(AccessDeniedException.class);
    assertThat(e.hint()).isEqualTo(AwsHints.AUTH);
    assertThat(e.getCause()).isSameAs(chain);
  }

  @Test
  void map_connectionFailure_isRetryable() {
    ProviderException e =
        AwsErrors.map(
            SdkClientException.create("Unable to execute HTTP request: Connection refused"), "x");

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.hint()).contains("network");
  }
}
