package example.restaurant.api.reservation;

import example.restaurant.domain.table.ReservationId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque to clients; names the stream and the version a read model must have reached to reflect a command. */
final class ConsistencyTokens {

  private ConsistencyTokens() {}

  static String of(ReservationId reservationId, long version) {
    byte[] text = (reservationId + ":" + version).getBytes(StandardCharsets.US_ASCII);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text);
  }
}
