package example.restaurant.application.projection;

import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.TableStatus;
import java.time.Instant;

/** One reservation on the host's list: who, when, how many, the bill so far and where it stands. */
public record ReservationSummary(
    ReservationId reservationId,
    int tableId,
    String name,
    Instant dateTime,
    int nrOfGuests,
    long billCents,
    TableStatus status) {}
