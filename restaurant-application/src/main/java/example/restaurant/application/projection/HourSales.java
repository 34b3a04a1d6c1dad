package example.restaurant.application.projection;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sales of one hour, per minute (by the time the orders were placed). One view per hour keeps a day's report to
 * 24 point lookups however long the history is.
 */
public record HourSales(Instant hour, Map<Instant, MinuteSales> minutes) {

  public record MinuteSales(long orders, long revenueCents) {}

  public HourSales {
    minutes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(minutes));
  }
}
