package example.restaurant.api;

import static org.assertj.core.api.Assertions.assertThat;

import example.restaurant.api.Http.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * What schemathesis (scripts/fuzz.sh) found, over real HTTP on the real servlet container: the failures live in
 * Tomcat's request parsing, which MockMvc does not run.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "restaurant.embedded.mode=memory")
class FuzzFindingsEndToEndTest {

  private static final String RESERVE = """
      {"tableId": 7, "name": "Jansen", "dateTime": "2025-05-26T21:00:00+02:00", "nrOfGuests": 4}
      """;

  @LocalServerPort int port;
  Http http;
  final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  // --- a Content-Type of multipart/form-data without a boundary was parsed before dispatch: 500 -----------------

  @Test
  void aQueryThatClaimsAMultipartBodyIsAnsweredAsUsual() throws Exception {
    HttpResponse<String> response = send("GET", "/api/events", "multipart/form-data", null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("\"events\"");
  }

  @Test
  void aCommandWithAMultipartBodyIsUnsupportedMediaType() throws Exception {
    HttpResponse<String> response = send("POST", "/api/reservations", "multipart/form-data", RESERVE);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(415);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("/problems/unsupported-media-type");
  }

  @Test
  void aCommandWithoutBodyThatClaimsMultipartFollowsItsRules() throws Exception {
    HttpResponse<String> response = send("POST",
        "/api/reservations/6e762a26-3f5d-413a-9055-60dc7c8dff7f/leave", "multipart/form-data", null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    assertThat(response.body()).contains("/problems/reservation-not-found");
  }

  // --- a query string Tomcat cannot parse (a parameter without a name, a bad %-escape) was a 500 ----------------

  @Test
  void aQueryParameterWithoutANameIsABadRequest() {
    Response response = http.get("/api/events?=null&limit=5");

    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    assertThat(response.header("Content-Type")).hasValue("application/problem+json");
    assertThat(response.problem()).isEqualTo("validation-failed");
    assertThat(response.json().get("detail").asString()).contains("query string is malformed");
  }

  @Test
  void aQueryParameterWithAnInvalidEscapeIsABadRequest() {
    Response response = http.get("/api/reports/top-orders?limit=3&x=%ff");

    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    assertThat(response.problem()).isEqualTo("validation-failed");
  }

  @Test
  void aWellFormedQueryIsUnaffected() {
    assertThat(http.get("/api/events?after=0&limit=5&unknown=1").status()).isEqualTo(200);
  }

  // --- the OpenAPI document lists every status the fuzzer met ----------------------------------------------------

  @Test
  void everyOperationDocumentsASuccessAndTheProblemsAnyRequestCanMeet() {
    JsonNode document = http.get("/v3/api-docs").json();
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      if (!path.getKey().startsWith("/api/")) {
        continue;
      }
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        String name = operation.getKey() + " " + path.getKey();
        JsonNode responses = operation.getValue().get("responses");
        assertThat(responses.propertyNames()).as(name).anyMatch(code -> code.startsWith("2"));
        for (String code : List.of("406", "500", "503")) {
          assertThat(responses.path(code).path("content").path("application/problem+json").path("schema")
              .path("$ref").asString()).as(name + " " + code).isEqualTo("#/components/schemas/Problem");
        }
        assertThat(responses.path("304").has("content")).as(name + " 304 has no body").isFalse();
      }
    }
    assertThat(document.at("/components/schemas/Problem/properties/instance/format").asString())
        .isEqualTo("uri-reference");
    assertThat(document.at("/components/schemas/KitchenOrderView/properties/comment/type").toString())
        .contains("null");
  }

  private HttpResponse<String> send(String method, String path, String contentType, String body)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", contentType)
        .method(method, body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body))
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
