package example.restaurant.mongo.eventstore;

import example.restaurant.domain.table.TableEvent;
import java.util.Map;
import java.util.TreeSet;

/**
 * The names and schema versions under which events are stored. They are part of the stored history: a name never
 * changes when a class is renamed, and a change of an event's shape raises its schema version and comes with an
 * {@link Upcaster} step for the older data.
 */
public final class EventTypeRegistry {

  public static final String TABLE_RESERVED = "TableReserved";
  public static final String DRINKS_ORDERED = "DrinksOrdered";
  public static final String DRINKS_SERVED = "DrinksServed";
  public static final String DRINKS_ORDER_CANCELLED = "DrinksOrderCancelled";
  public static final String BILL_PAID = "BillPaid";
  public static final String TABLE_LEFT = "TableLeft";

  private static final Map<String, Integer> SCHEMA_VERSIONS =
      Map.of(
          TABLE_RESERVED, 1,
          DRINKS_ORDERED, 1,
          DRINKS_SERVED, 1,
          DRINKS_ORDER_CANCELLED, 1,
          BILL_PAID, 1,
          TABLE_LEFT, 1);

  private EventTypeRegistry() {}

  public static String nameOf(TableEvent event) {
    return switch (event) {
      case TableEvent.TableReserved e -> TABLE_RESERVED;
      case TableEvent.DrinksOrdered e -> DRINKS_ORDERED;
      case TableEvent.DrinksServed e -> DRINKS_SERVED;
      case TableEvent.DrinksOrderCancelled e -> DRINKS_ORDER_CANCELLED;
      case TableEvent.BillPaid e -> BILL_PAID;
      case TableEvent.TableLeft e -> TABLE_LEFT;
    };
  }

  /** The schema version that this code writes and reads for a stored type. */
  public static int currentSchemaVersion(String name) {
    Integer version = SCHEMA_VERSIONS.get(name);
    if (version == null) {
      throw new UnreadableEventException(
          "unknown stored event type '" + name + "'; this service knows " + new TreeSet<>(SCHEMA_VERSIONS.keySet())
              + ". Was it written by a newer version of the service, or renamed in code?");
    }
    return version;
  }
}
