package example.restaurant.application.port;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where one read model keeps its views, each with the log position of the last event applied to it. Saving is
 * guarded: a view is only replaced by one that reflects a later position, so a batch applied twice (after a crash) or
 * by a former owner that woke up late never moves a view back.
 */
public interface ViewStore<K, V> {

  record Positioned<V>(V view, long position) {}

  record ViewUpdate<K, V>(K key, V view, long position) {}

  /** The stored views of these keys; keys without a view are absent from the map. Point lookups only. */
  Map<K, Positioned<V>> load(Collection<K> keys);

  /** Stores the views, each unless its stored version already reflects that position or a later one. */
  void save(Collection<ViewUpdate<K, V>> updates);

  /** Every view, for read models that stay small by design (the kitchen queue, one view per product). */
  List<Positioned<V>> all();
}
