package example.restaurant.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client against a service process on loopback. A request that gets no answer (refused, reset, timed
 * out) throws {@link UncheckedIOException}: for a client that is "not acknowledged".
 */
public final class Http {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient client;
  private final String base;
  private final Duration timeout;

  public Http(int port) {
    this(port, Duration.ofSeconds(30));
  }

  public Http(int port, Duration timeout) {
    this.base = "http://127.0.0.1:" + port;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  public Response get(String path, String... headers) {
    return send(request(path, headers).GET());
  }

  public Response post(String path, String json, String... headers) {
    HttpRequest.Builder request = request(path, headers);
    if (json == null) {
      return send(request.POST(HttpRequest.BodyPublishers.noBody()));
    }
    return send(request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }

  private Response send(HttpRequest.Builder request) {
    try {
      return new Response(client.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode parse(String json) {
    return JSON.readTree(json);
  }

  public record Response(HttpResponse<String> raw) {

    public int status() {
      return raw.statusCode();
    }

    public boolean acknowledged() {
      return status() >= 200 && status() < 300;
    }

    public String body() {
      return raw.body();
    }

    public JsonNode json() {
      return JSON.readTree(raw.body());
    }

    public String text(String field) {
      return json().get(field).asString();
    }

    public long number(String field) {
      return json().get(field).asLong();
    }

    public Optional<String> header(String name) {
      return raw.headers().firstValue(name);
    }

    /** The problem code: the last segment of the problem type. */
    public String problem() {
      String type = json().get("type").asString();
      return type.substring(type.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
      return raw.request().method() + " " + raw.uri().getPath() + " -> " + raw.statusCode() + " " + raw.body();
    }
  }
}
