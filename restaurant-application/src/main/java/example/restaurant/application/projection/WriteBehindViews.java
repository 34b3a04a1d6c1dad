package example.restaurant.application.projection;

import example.restaurant.application.port.ViewStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rebuild's view of the generation it fills: views are folded in memory and written in large batches of plain
 * inserts, instead of a load and a guarded save per batch of the log. That is safe only because nobody else reads or
 * writes a generation before it is activated, and a rebuild that dies is started again from position 0 into a new
 * generation: nothing relies on what an unfinished one holds. {@link #flush()} must run before activation.
 */
final class WriteBehindViews<K, V> implements ViewStore<K, V> {

  private final ViewStore<K, V> generation;
  private final int maxHeld;
  private final Map<K, Positioned<V>> held = new LinkedHashMap<>();
  private boolean written;

  /** @param maxHeld how many views to hold before writing them out: bounds the memory a rebuild takes */
  WriteBehindViews(ViewStore<K, V> generation, int maxHeld) {
    this.generation = generation;
    this.maxHeld = maxHeld;
  }

  @Override
  public Map<K, Positioned<V>> load(Collection<K> keys) {
    Map<K, Positioned<V>> found = new HashMap<>();
    List<K> missing = new ArrayList<>();
    for (K key : keys) {
      Positioned<V> view = held.get(key);
      if (view != null) {
        found.put(key, view);
      } else {
        missing.add(key);
      }
    }
    if (written && !missing.isEmpty()) {
      found.putAll(generation.load(missing)); // only once something was written out: until then it is empty
    }
    return found;
  }

  @Override
  public void save(Collection<ViewUpdate<K, V>> updates) {
    for (ViewUpdate<K, V> update : updates) {
      held.merge(update.key(), new Positioned<>(update.view(), update.position()),
          (old, neu) -> neu.position() >= old.position() ? neu : old);
    }
    if (held.size() >= maxHeld) {
      flush();
    }
  }

  @Override
  public List<Positioned<V>> all() {
    flush();
    return generation.all();
  }

  /** Writes every view held so far to the generation. */
  void flush() {
    if (held.isEmpty()) {
      return;
    }
    List<ViewUpdate<K, V>> updates = new ArrayList<>(held.size());
    held.forEach((key, view) -> updates.add(new ViewUpdate<>(key, view.view(), view.position())));
    generation.save(updates);
    held.clear();
    written = true;
  }
}
