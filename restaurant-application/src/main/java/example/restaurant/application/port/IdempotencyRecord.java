package example.restaurant.application.port;

import java.time.Instant;
import java.util.Objects;

/**
 * A remembered response.
 *
 * @param key the scoped key: a hash of the endpoint, the reservation and the client's idempotency key
 * @param requestHash a hash of the request body, to tell a retry from a different request under the same key
 * @param status the HTTP status that was answered
 * @param contentType the response's content type, or null when it had no body
 * @param location the response's Location header, or null
 * @param body the response body as it was sent (UTF-8 text, possibly empty)
 * @param expiresAt when the key may be used for another request
 */
public record IdempotencyRecord(
    String key,
    String requestHash,
    int status,
    String contentType,
    String location,
    String body,
    Instant expiresAt) {

  public IdempotencyRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(requestHash, "requestHash");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
