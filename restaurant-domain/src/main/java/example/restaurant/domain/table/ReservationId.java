package example.restaurant.domain.table;

import java.util.UUID;

public record ReservationId(UUID value) {

  public ReservationId {
    InvalidValueException.required(value, "reservationId");
  }

  public static ReservationId random() {
    return new ReservationId(UUID.randomUUID());
  }

  public static ReservationId parse(String text) {
    return new ReservationId(Uuids.parse(text, "reservationId"));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
