package example.restaurant.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The service's HTTP API, as a POS would call it. */
final class Api {

  private static final Pattern RESERVATION_ID = Pattern.compile("\"reservationId\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern TOKEN = Pattern.compile("\"consistencyToken\"\\s*:\\s*\"([^\"]+)\"");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  record Answer(int status, String body, String etag, long nanos) {
    boolean ok() {
      return status / 100 == 2;
    }

    String reservationId() {
      return group(RESERVATION_ID);
    }

    String token() {
      return group(TOKEN);
    }

    private String group(Pattern p) {
      Matcher m = p.matcher(body);
      if (!m.find()) {
        throw new IllegalStateException("no " + p + " in " + status + " " + body);
      }
      return m.group(1);
    }
  }

  final HttpClient http;
  private final String base;

  Api(HttpClient http, int port) {
    this.http = http;
    this.base = "http://127.0.0.1:" + port;
  }

  Answer reserve() throws IOException, InterruptedException {
    Instant at = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
    return post("/api/reservations", "{\"tableId\":" + (1 + ThreadLocalRandom.current().nextInt(40))
        + ",\"name\":\"Bench\",\"dateTime\":\"" + at + "\",\"nrOfGuests\":4}");
  }

  Answer order(String reservationId, String orderId) throws IOException, InterruptedException {
    int product = 1 + ThreadLocalRandom.current().nextInt(12);
    return post("/api/reservations/" + reservationId + "/orders", "{\"orderId\":\"" + orderId + "\",\"productId\":"
        + product + ",\"productName\":\"Product " + product + "\",\"quantity\":1,\"unitPrice\":4.50,"
        + "\"comment\":\"bench\"}");
  }

  Answer serve(String reservationId, String orderId) throws IOException, InterruptedException {
    return post("/api/reservations/" + reservationId + "/orders/" + orderId + "/serve", null);
  }

  static String newOrderId() {
    return UUID.randomUUID().toString();
  }

  Answer get(String path, String headerName, String headerValue) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET();
    if (headerName != null && headerValue != null) {
      request.header(headerName, headerValue);
    }
    return send(request.build());
  }

  Answer post(String path, String json) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
    if (json == null) {
      request.POST(HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }
    return send(request.build());
  }

  private Answer send(HttpRequest request) throws IOException, InterruptedException {
    long started = System.nanoTime();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    long took = System.nanoTime() - started;
    return new Answer(response.statusCode(), response.body(),
        response.headers().firstValue("ETag").orElse(null), took);
  }
}
