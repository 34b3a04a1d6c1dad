package example.restaurant.application.table;

import example.restaurant.domain.table.ReservationId;
import example.restaurant.domain.table.Table;

/**
 * What a command led to.
 *
 * @param version the stream's version that reflects the command
 * @param table the reservation's state at that version
 * @param recorded true when this call wrote new events; false when the command had been handled before (same
 *     command id, or the same order again)
 */
public record CommandOutcome(ReservationId reservationId, long version, Table table, boolean recorded) {}
