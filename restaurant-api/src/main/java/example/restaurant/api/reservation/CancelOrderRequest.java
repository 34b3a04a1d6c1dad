package example.restaurant.api.reservation;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;

record CancelOrderRequest(@Size(max = 500) @Schema(example = "spilled") String reason) {

  static final CancelOrderRequest NONE = new CancelOrderRequest(null);
}
