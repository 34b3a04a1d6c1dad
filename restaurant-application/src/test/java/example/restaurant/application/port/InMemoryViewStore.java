package example.restaurant.application.port;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Views in memory with the same guard as the real stores: never replaced by an older position. */
public final class InMemoryViewStore<K, V> implements ViewStore<K, V> {

  private final Map<K, Positioned<V>> views = new ConcurrentHashMap<>();
  private final AtomicInteger saves = new AtomicInteger();
  private volatile RuntimeException failNextSave;

  @Override
  public Map<K, Positioned<V>> load(Collection<K> keys) {
    Map<K, Positioned<V>> found = new HashMap<>();
    keys.forEach(k -> {
      Positioned<V> v = views.get(k);
      if (v != null) {
        found.put(k, v);
      }
    });
    return found;
  }

  @Override
  public void save(Collection<ViewUpdate<K, V>> updates) {
    RuntimeException failure = failNextSave;
    if (failure != null) {
      failNextSave = null;
      throw failure;
    }
    saves.incrementAndGet();
    for (ViewUpdate<K, V> u : updates) {
      views.merge(u.key(), new Positioned<>(u.view(), u.position()),
          (old, neu) -> neu.position() >= old.position() ? neu : old);
    }
  }

  @Override
  public List<Positioned<V>> all() {
    return List.copyOf(views.values());
  }

  public Map<K, V> snapshot() {
    Map<K, V> copy = new HashMap<>();
    views.forEach((k, v) -> copy.put(k, v.view()));
    return copy;
  }

  public void failNextSave(RuntimeException failure) {
    this.failNextSave = failure;
  }

  public int saves() {
    return saves.get();
  }
}
