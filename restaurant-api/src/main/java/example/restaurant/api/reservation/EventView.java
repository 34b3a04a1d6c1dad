package example.restaurant.api.reservation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;

record EventView(
    long version,
    @Schema(
            allowableValues = {
              "TableReserved", "DrinksOrdered", "DrinksServed", "DrinksOrderCancelled", "BillPaid", "TableLeft"
            })
        String type,
    Instant occurredAt,
    @Schema(description = "the event's fields; money as numbers with 2 decimals") Map<String, Object> data,
    Metadata metadata) {

  record Metadata(String commandId, String correlationId, String causationId) {}
}
