package example.restaurant.api.idempotency;

import example.restaurant.application.port.IdempotencyRecord;
import example.restaurant.application.port.IdempotencyStore;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Answers a command that repeats an {@code Idempotency-Key} with the first outcome, and remembers the outcome of
 * a new one (2xx and 4xx; a 5xx is worth retrying). The key is scoped to the request path, which names the
 * endpoint and the reservation. Requests with a malformed key pass through untouched: the controller rejects them.
 *
 * <p>Two requests with the same new key at the same moment both run; the command id derived from the key makes
 * the event store write their command once.
 */
public final class IdempotencyFilter extends OncePerRequestFilter {

  public static final String REPLAYED_HEADER = "Idempotent-Replayed";
  static final Duration RETENTION = Duration.ofHours(24);

  private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

  private final IdempotencyStore store;
  private final Clock clock;
  private final HandlerExceptionResolver errors;

  public IdempotencyFilter(IdempotencyStore store, Clock clock, HandlerExceptionResolver errors) {
    this.store = store;
    this.clock = clock;
    this.errors = errors;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod()) || !IdempotencyKeys.isValid(request.getHeader(IdempotencyKeys.HEADER));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest servletRequest, HttpServletResponse servletResponse,
      FilterChain chain) throws ServletException, IOException {
    CachedBodyRequest request = new CachedBodyRequest(servletRequest);
    String key = IdempotencyKeys.sha256(
        request.getRequestURI().getBytes(StandardCharsets.UTF_8),
        request.getHeader(IdempotencyKeys.HEADER).getBytes(StandardCharsets.US_ASCII));
    String requestHash = IdempotencyKeys.sha256(request.body());

    Optional<IdempotencyRecord> earlier;
    try {
      earlier = store.find(key);
    } catch (RuntimeException e) {
      errors.resolveException(request, servletResponse, null, e);
      return;
    }
    if (earlier.isPresent()) {
      if (earlier.get().requestHash().equals(requestHash)) {
        replay(earlier.get(), servletResponse);
      } else {
        errors.resolveException(request, servletResponse, null, new IdempotencyKeyReusedException());
      }
      return;
    }

    ContentCachingResponseWrapper response = new ContentCachingResponseWrapper(servletResponse);
    chain.doFilter(request, response);
    if (response.getStatus() < 500) {
      remember(key, requestHash, response);
    }
    response.copyBodyToResponse();
  }

  private void remember(String key, String requestHash, ContentCachingResponseWrapper response) {
    IdempotencyRecord record = new IdempotencyRecord(
        key,
        requestHash,
        response.getStatus(),
        response.getContentType(),
        response.getHeader(HttpHeaders.LOCATION),
        new String(response.getContentAsByteArray(), StandardCharsets.UTF_8),
        clock.instant().plus(RETENTION));
    try {
      store.save(record);
    } catch (RuntimeException e) {
      // The outcome stands; a retry with this key runs the command again and the event store, keyed by the
      // command id derived from the key, writes nothing twice.
      log.warn("could not remember the outcome of an idempotent request: {}", e.toString());
    }
  }

  private static void replay(IdempotencyRecord record, HttpServletResponse response) throws IOException {
    response.setStatus(record.status());
    if (record.contentType() != null) {
      response.setContentType(record.contentType());
    }
    if (record.location() != null) {
      response.setHeader(HttpHeaders.LOCATION, record.location());
    }
    response.setHeader(REPLAYED_HEADER, "true");
    byte[] body = record.body().getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
