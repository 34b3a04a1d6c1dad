package example.restaurant.application.projection;

import example.restaurant.domain.table.ReservationId;
import java.time.LocalDate;
import java.util.Map;

/** The reservations of one day (UTC, by reservation time). One view per day keeps a range query to a few lookups. */
public record DaySchedule(LocalDate day, Map<ReservationId, ReservationSummary> reservations) {

  public DaySchedule {
    reservations = Map.copyOf(reservations);
  }
}
