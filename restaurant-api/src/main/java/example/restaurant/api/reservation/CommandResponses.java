package example.restaurant.api.reservation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.UUID;

/** What a command answers: where the change landed, and a token to wait for it on the read side. */
final class CommandResponses {

  private CommandResponses() {}

  record ReservationChanged(
      UUID reservationId,
      @Schema(description = "the stream's version after the command") long version,
      @Schema(description = "opaque; send it as Consistency-Token to a read model") String consistencyToken) {}

  record OrderChanged(UUID reservationId, UUID orderId, long version, String consistencyToken) {}

  record PaymentTaken(
      UUID reservationId,
      @Schema(example = "14.00") BigDecimal bill,
      @Schema(example = "20.00") BigDecimal amount,
      @Schema(example = "6.00") BigDecimal tip,
      long version,
      String consistencyToken) {}
}
