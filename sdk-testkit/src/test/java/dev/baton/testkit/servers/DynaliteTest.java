package dev.baton.testkit.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class DynaliteTest {
  @Test
  void start_answersTheDynamoDbProtocolOnLoopback_andCloseStopsIt() throws Exception {
    URI endpoint;
    try (Dynalite dynamo = Dynalite.start()) {
      endpoint = dynamo.endpoint();
      assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");

      HttpResponse<String> answer = listTables(endpoint);

      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).isEqualTo("{\"TableNames\":[]}");
    }
    assertThat(accepts(endpoint.getPort())).isFalse();
  }

  @Test
  void install_whenInstalled_returnsTheSameEntryPoint() {
    assertThat(Dynalite.install()).isEqualTo(Dynalite.install()).satisfies(p -> Files.exists(p));
    assertThat(Dynalite.install()).startsWith(Dynalite.cacheDirectory());
  }

  /** A ListTables call as the AWS SDK signs it; Dynalite checks the headers' form, not the MAC. */
  private static HttpResponse<String> listTables(URI endpoint) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
            .header("Content-Type", "application/x-amz-json-1.0")
            .header("X-Amz-Date", "20250101T000000Z")
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/dynamodb/aws4_request,"
                    + " SignedHeaders=host;x-amz-date, Signature=00")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }
}
