package example.restaurant.api.reservation;

import example.restaurant.api.idempotency.IdempotencyKeys;
import example.restaurant.application.table.CommandContext;
import example.restaurant.domain.table.InvalidValueException;
import example.restaurant.domain.table.OrderId;
import example.restaurant.domain.table.ReservationId;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a command's headers into its {@link CommandContext}. With an idempotency key every id the command creates
 * is derived from the key, so that a retry after a crash between the append and the answer is recognised by the
 * event store and writes nothing.
 */
final class CommandContexts {

  static final String IF_MATCH = "If-Match";
  static final String CORRELATION_ID = "X-Correlation-Id";

  /** For the OpenAPI document: what {@link IdempotencyKeys#isPrintableAscii} accepts once HTTP trimmed the value. */
  static final String PRINTABLE_ASCII = "^[!-~]([ -~]{0,198}[!-~])?$";
  /** For the OpenAPI document: what {@link #expectedVersion} accepts. */
  static final String IF_MATCH_PATTERN = "^(\\*|\"[0-9]{1,18}\")$";

  private static final Pattern STRONG_ETAG = Pattern.compile("\"(\\d{1,18})\"");
  private static final int MAX_CORRELATION_ID = 200;

  private CommandContexts() {}

  record Headers(String idempotencyKey, String ifMatch, String correlationId) {

    Headers {
      if (idempotencyKey != null && !IdempotencyKeys.isValid(idempotencyKey)) {
        throw new InvalidValueException(IdempotencyKeys.HEADER, "must be 1 to 200 printable ASCII characters");
      }
      if (correlationId != null && !IdempotencyKeys.isPrintableAscii(correlationId, MAX_CORRELATION_ID)) {
        throw new InvalidValueException(CORRELATION_ID, "must be 1 to 200 printable ASCII characters");
      }
    }

    boolean hasKey() {
      return idempotencyKey != null;
    }
  }

  /** The id of a new reservation: random, or derived from the idempotency key. */
  static ReservationId newReservationId(Headers headers) {
    return headers.hasKey() ? new ReservationId(derive("reserve", headers.idempotencyKey())) : ReservationId.random();
  }

  /** The id of a new order when the client sent none: random, or derived from the idempotency key. */
  static OrderId newOrderId(ReservationId reservationId, Headers headers) {
    return headers.hasKey()
        ? new OrderId(derive("order-id", reservationId.toString(), headers.idempotencyKey()))
        : OrderId.random();
  }

  static CommandContext context(String endpoint, ReservationId reservationId, Headers headers) {
    String commandId = headers.hasKey()
        ? derive(endpoint, reservationId.toString(), headers.idempotencyKey()).toString()
        : UUID.randomUUID().toString();
    String correlationId = headers.correlationId() != null ? headers.correlationId() : commandId;
    return new CommandContext(
        commandId, correlationId, commandId, headers.hasKey(), expectedVersion(headers.ifMatch()));
  }

  private static OptionalLong expectedVersion(String ifMatch) {
    if (ifMatch == null || ifMatch.strip().equals("*")) {
      return OptionalLong.empty();
    }
    Matcher matcher = STRONG_ETAG.matcher(ifMatch.strip());
    if (!matcher.matches()) {
      throw new InvalidValueException(IF_MATCH, "must be a version in quotes, e.g. \"3\"");
    }
    return OptionalLong.of(Long.parseLong(matcher.group(1)));
  }

  private static UUID derive(String... parts) {
    return UUID.nameUUIDFromBytes(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
  }
}
