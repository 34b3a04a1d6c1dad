package example.restaurant.application.projection;

import example.restaurant.application.publicevent.PublicEvent;
import example.restaurant.domain.table.TableStatus;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import example.restaurant.domain.table.ReservationId;
import java.util.HashMap;
import java.util.Map;

/**
 * Reservations by day with their bill so far and status. Every public event carries the reservation, so whichever
 * event of a reservation comes first creates its entry; the bill is a sum and the status only moves forward.
 */
public final class ReservedTablesProjection implements Projection<LocalDate, DaySchedule> {

  public static final String NAME = "reserved-tables";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<LocalDate> keyOf(PublicEvent event) {
    return Optional.of(dayOf(event.reservation()));
  }

  public static LocalDate dayOf(PublicEvent.Reservation reservation) {
    return LocalDate.ofInstant(reservation.dateTime(), ZoneOffset.UTC);
  }

  @Override
  public DaySchedule apply(LocalDate day, DaySchedule view, PublicEvent event) {
    PublicEvent.Reservation r = event.reservation();
    Map<ReservationId, ReservationSummary> reservations = new HashMap<>(view != null ? view.reservations() : Map.of());
    ReservationSummary current = reservations.getOrDefault(
        r.reservationId(),
        new ReservationSummary(
            r.reservationId(), r.tableId(), r.name(), r.dateTime(), r.nrOfGuests(), 0, TableStatus.OPEN));
    ReservationSummary next = switch (event) {
      case PublicEvent.TableReserved e -> current;
      case PublicEvent.DrinksOrdered e -> withBill(current, current.billCents() + e.order().total().cents());
      case PublicEvent.DrinksOrderCancelled e -> withBill(current, current.billCents() - e.order().total().cents());
      case PublicEvent.DrinksServed e -> current;
      case PublicEvent.BillPaid e -> withStatus(current, TableStatus.PAID);
      case PublicEvent.TableLeft e -> withStatus(current, TableStatus.LEFT);
    };
    reservations.put(r.reservationId(), next);
    return new DaySchedule(day, reservations);
  }

  private static ReservationSummary withBill(ReservationSummary s, long billCents) {
    return new ReservationSummary(
        s.reservationId(), s.tableId(), s.name(), s.dateTime(), s.nrOfGuests(), billCents, s.status());
  }

  private static ReservationSummary withStatus(ReservationSummary s, TableStatus status) {
    TableStatus later = status.ordinal() > s.status().ordinal() ? status : s.status();
    return new ReservationSummary(
        s.reservationId(), s.tableId(), s.name(), s.dateTime(), s.nrOfGuests(), s.billCents(), later);
  }
}
